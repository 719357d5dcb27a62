package io.slidestream.models.augment;

/**
 * One configured augmentation: either geometric (moves pixels; applied to image and labels alike)
 * or photometric (changes colours; image only). Steps are immutable and thread-safe: all
 * per-sample randomness comes from the generator passed in.
 */
public sealed interface AugmentStep permits GeometricStep, PhotometricStep {}
