package io.slidestream.models.compound;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.FeaturePlanes;
import io.slidestream.models.inference.SegmentationModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The second network's input of a compound model, from the first network's resolution: the
 * first network runs on the fine patch, its non-background probabilities are averaged over
 * {@code scale × scale} blocks, and so is the RGB. Training and inference both go through this
 * class, so the second network sees the same numbers in both: the coarse RGB is the block average
 * of the fine read (not a second read of the slide at the coarse level, which a slide's own
 * downsampling could make differ by a grey level or two).
 */
public final class CompoundInput {

  /** Second-network input for a batch: coarse RGB and the extra channels, one each per patch. */
  public record Coarse(List<RgbRaster> images, List<FeaturePlanes> extra) {}

  private final SegmentationModel first;
  private final int scale;
  private final int[] channels;

  /**
   * @param first    the first network (used, not owned; frozen: only inference runs on it)
   * @param scale    fine pixels per coarse pixel along each axis
   * @param channels the first network's channels that become extra input
   */
  public CompoundInput(SegmentationModel first, int scale, int[] channels) {
    this.first = Objects.requireNonNull(first, "first");
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    this.scale = scale;
    this.channels = channels.clone();
  }

  /** The input of a compound model's second network from its first. */
  public static CompoundInput of(SegmentationModel first, CompoundModel model) {
    return new CompoundInput(first, model.scale(), model.firstChannels());
  }

  public int scale() {
    return scale;
  }

  /** Extra channels per patch. */
  public int extraChannels() {
    return channels.length;
  }

  /**
   * The coarse input of equally sized fine patches whose sides are multiples of {@link #scale()}
   * and suit the first network.
   */
  public Coarse compute(List<RgbRaster> fine) {
    List<FeaturePlanes> probabilities = first.probabilities(fine);
    List<RgbRaster> images = new ArrayList<>(fine.size());
    List<FeaturePlanes> extra = new ArrayList<>(fine.size());
    for (int i = 0; i < fine.size(); i++) {
      images.add(averagePooled(fine.get(i), scale));
      extra.add(probabilities.get(i).select(channels).averagePooled(scale));
    }
    return new Coarse(images, extra);
  }

  /** Each {@code factor × factor} block of RGB averaged (rounded to nearest) into one pixel. */
  public static RgbRaster averagePooled(RgbRaster fine, int factor) {
    if (factor < 1 || fine.width() % factor != 0 || fine.height() % factor != 0) {
      throw new IllegalArgumentException("a " + fine.width() + "x" + fine.height() + " patch cannot be pooled by "
          + factor);
    }
    // A whole factor makes RgbRaster's area average exactly the block mean.
    return factor == 1 ? fine : fine.resized(fine.width() / factor, fine.height() / factor);
  }
}
