package io.slidestream.models.augment;

import io.slidestream.images.RgbRaster;
import java.util.SplittableRandom;

/** A step that changes only colours: labels are never touched. */
public non-sealed interface PhotometricStep extends AugmentStep {

  /** Draws this sample's parameters and changes {@code image} in place. */
  void apply(SplittableRandom rng, RgbRaster image);
}
