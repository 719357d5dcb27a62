package io.slidestream.models.data;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.Augmented;
import io.slidestream.models.augment.AugmentationPipeline;
import java.util.Objects;
import java.util.Optional;

/**
 * One training or validation sample: an RGB image, the admissible label set of every pixel (what
 * the loss sees), optionally the dense reference labels (class ids, {@link #IGNORE} where there
 * is none; what evaluation sees), and an id saying where it came from ("train_12", "slide-3 @
 * (20480, 8192)"). All rasters have one size. A sample may also carry {@code extra} input
 * channels that go into the network after RGB (a compound model's first-network probabilities);
 * crops and augmentation move them with the image.
 */
public record TrainingSample(String id, RgbRaster image, LabelSetRaster labels, Optional<LabelRaster> reference,
    Optional<FeaturePlanes> extra) {

  /** Reference value of pixels without a dense label: evaluation skips them. */
  public static final int IGNORE = 255;

  public TrainingSample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(extra, "extra");
    if (labels.width() != image.width() || labels.height() != image.height()) {
      throw new IllegalArgumentException(id + ": image is " + image.width() + "x" + image.height() + " but labels are "
          + labels.width() + "x" + labels.height());
    }
    reference.ifPresent(r -> {
      if (r.width() != image.width() || r.height() != image.height()) {
        throw new IllegalArgumentException(id + ": image is " + image.width() + "x" + image.height()
            + " but the reference is " + r.width() + "x" + r.height());
      }
    });
    extra.ifPresent(e -> {
      if (e.width() != image.width() || e.height() != image.height()) {
        throw new IllegalArgumentException(id + ": image is " + image.width() + "x" + image.height()
            + " but the extra channels are " + e.width() + "x" + e.height());
      }
    });
  }

  /** A sample of RGB input only. */
  public TrainingSample(String id, RgbRaster image, LabelSetRaster labels, Optional<LabelRaster> reference) {
    this(id, image, labels, reference, Optional.empty());
  }

  public static TrainingSample of(String id, RgbRaster image, LabelSetRaster labels) {
    return new TrainingSample(id, image, labels, Optional.empty());
  }

  public static TrainingSample of(String id, RgbRaster image, LabelSetRaster labels, LabelRaster reference) {
    return new TrainingSample(id, image, labels, Optional.of(reference));
  }

  public int width() {
    return image.width();
  }

  public int height() {
    return image.height();
  }

  public int classCount() {
    return labels.classCount();
  }

  /** A block of this sample; it must lie inside. */
  public TrainingSample crop(int x, int y, int w, int h) {
    return new TrainingSample(id, image.crop(x, y, w, h), labels.crop(x, y, w, h),
        reference.map(r -> r.crop(x, y, w, h)), extra.map(e -> e.crop(x, y, w, h)));
  }

  /** The same sample with other label sets (e.g. sparsified), keeping image, reference and extra channels. */
  public TrainingSample withLabels(LabelSetRaster other) {
    return new TrainingSample(id, image, other, reference, extra);
  }

  /** The same labels and reference over another image with extra input channels of its size. */
  public TrainingSample withInput(RgbRaster otherImage, FeaturePlanes extraChannels) {
    return new TrainingSample(id, otherImage, labels, reference, Optional.of(extraChannels));
  }

  /** Input channels after RGB: 0 without extra channels. */
  public int extraChannels() {
    return extra.map(FeaturePlanes::channels).orElse(0);
  }

  /**
   * This sample through an augmentation pipeline with a per-sample seed: image, labels and
   * reference move together; reference pixels that come from outside get {@link #IGNORE}. Extra
   * channels are warped exactly as the image is (photometric steps leave them alone).
   */
  public TrainingSample augmented(AugmentationPipeline pipeline, long seed) {
    Augmented a = reference.isPresent()
        ? pipeline.apply(image, labels, reference.get(), IGNORE, seed)
        : pipeline.apply(image, labels, seed);
    Optional<FeaturePlanes> movedExtra = extra.map(e -> new FeaturePlanes(e.channels(), e.width(), e.height(),
        pipeline.warpPlanes(e.data(), e.channels(), e.width(), e.height(), seed)));
    return new TrainingSample(id, a.image(), a.labels(), a.reference(), movedExtra);
  }

  /**
   * Dense reference labels from label sets: a pixel whose set is one class gets that class, any
   * other (unannotated, super label) gets {@link #IGNORE}.
   */
  public static LabelRaster referenceOf(LabelSetRaster labels) {
    return labels.toLabels(IGNORE);
  }

  @Override
  public String toString() {
    return "TrainingSample[" + id + ", " + width() + "x" + height() + ", " + classCount() + " classes"
        + (reference.isPresent() ? ", with reference" : "")
        + (extra.isPresent() ? ", " + extra.get().channels() + " extra channels" : "") + "]";
  }
}
