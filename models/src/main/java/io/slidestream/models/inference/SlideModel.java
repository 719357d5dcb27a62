package io.slidestream.models.inference;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.io.ModelMetadata;
import java.util.List;

/**
 * What the slide pipeline runs on tiles: patches in, one label raster per patch out. A plain
 * U-Net ({@link SegmentationModel}) labels the pixels it is given; a compound model
 * ({@code io.slidestream.models.compound.CompoundSegmentationModel}) reads its input at a finer
 * resolution than it labels, {@link #inputScale()} input pixels per output pixel along each axis.
 *
 * <p>The pipeline lays its tile grid out at {@link #metadata()}'s µm/px with patches of
 * {@link #patchSize()} pixels, reads each patch's area at {@code inputScale} times that resolution
 * ({@code patchSize · inputScale} pixels a side) and gets back labels of {@code patchSize} a side.
 * Threads: as {@link SegmentationModel}, one calling thread per device.
 */
public interface SlideModel extends AutoCloseable {

  /** The model as the outputs describe it: classes, label resolution, patch size, halo. */
  ModelMetadata metadata();

  /** Side of the square label patches, halo included. */
  default int patchSize() {
    return metadata().patchSize();
  }

  /** Input pixels per label pixel along each axis: 1 for a plain network. */
  int inputScale();

  /**
   * Labels a batch of equally sized patches of {@code (size · inputScale)} pixels a side; the
   * labels are {@code size} a side.
   */
  List<PatchPrediction> predict(List<RgbRaster> patches);

  /** Releases native memory. */
  @Override
  void close();
}
