package io.slidestream.models.augment;

import java.util.SplittableRandom;

/** A step that moves pixels. The pipeline resamples image and labels once per run of such steps. */
public non-sealed interface GeometricStep extends AugmentStep {

  /**
   * Draws this sample's transform of a {@code width × height} sample.
   *
   * @return the transform, or null when it is the identity for this draw (nothing to resample)
   */
  Warp draw(SplittableRandom rng, int width, int height);
}
