package io.slidestream.models.compound;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.inference.PatchPrediction;
import io.slidestream.models.inference.SegmentationModel;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.models.io.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A compound model ready to label patches: given patches read at the first network's resolution
 * ({@link #inputScale()} times finer than the labels), it runs the first network on them, pools
 * its probabilities and the RGB down to the second network's grid ({@link CompoundInput}), runs
 * the second network and returns its labels, {@code 1/inputScale} the size of the input. The
 * metadata (classes, µm/px, patch size, halo) is the second network's: the labels are its.
 * Threads as {@link SegmentationModel}.
 */
public final class CompoundSegmentationModel implements SlideModel {

  private final CompoundModel model;
  private final SegmentationModel first;
  private final SegmentationModel second;
  private final CompoundInput input;

  private CompoundSegmentationModel(CompoundModel model) {
    this.model = model;
    this.first = SegmentationModel.of(model.first());
    this.second = SegmentationModel.of(model.second());
    this.input = CompoundInput.of(first, model);
    // The fine patch must suit the first network as the coarse one suits the second.
    model.first().metadata().network().checkInputSize(patchSize() * input.scale(), patchSize() * input.scale());
  }

  /** Wraps a compound model in memory (its networks are used, not copied). */
  public static CompoundSegmentationModel of(CompoundModel model) {
    return new CompoundSegmentationModel(Objects.requireNonNull(model, "model"));
  }

  /** Loads a compound model file for inference. */
  public static CompoundSegmentationModel load(Path file) throws IOException {
    return new CompoundSegmentationModel(CompoundModelFile.load(file));
  }

  public CompoundModel model() {
    return model;
  }

  @Override
  public ModelMetadata metadata() {
    return second.metadata();
  }

  @Override
  public int inputScale() {
    return input.scale();
  }

  /** The extra channels the second network gets for these fine patches, and the coarse RGB. */
  public CompoundInput.Coarse input(List<RgbRaster> finePatches) {
    return input.compute(finePatches);
  }

  @Override
  public List<PatchPrediction> predict(List<RgbRaster> finePatches) {
    if (finePatches.isEmpty()) {
      return List.of();
    }
    CompoundInput.Coarse coarse = input.compute(finePatches);
    return second.predict(coarse.images(), coarse.extra());
  }

  @Override
  public void close() {
    try {
      first.close();
    } finally {
      second.close();
    }
  }

  @Override
  public String toString() {
    return "CompoundSegmentationModel[" + model.first().metadata().modelId() + " at "
        + model.first().metadata().micronsPerPixel() + " µm/px → " + metadata().modelId() + " at "
        + metadata().micronsPerPixel() + " µm/px]";
  }
}
