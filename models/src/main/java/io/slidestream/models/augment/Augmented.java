package io.slidestream.models.augment;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import java.util.Objects;
import java.util.Optional;

/**
 * An augmented sample: image, label sets and, when one was given, the dense reference, all of one
 * size. They may be the very input objects when no step changed them; inputs are never modified.
 */
public record Augmented(RgbRaster image, LabelSetRaster labels, Optional<LabelRaster> reference) {

  public Augmented {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(reference, "reference");
  }
}
