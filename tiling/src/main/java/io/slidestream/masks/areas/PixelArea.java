package io.slidestream.masks.areas;

import io.slidestream.masks.MaskSpec;

/**
 * The physical area of a mask pixel, for every output that reports areas in µm². One place,
 * because pixels are taken as square here: {@link MaskSpec} carries a single µm/px (the slide's
 * horizontal one), so on a scanner with non-square pixels (an OME-TIFF of 0.25 × 0.26 µm) every
 * area is off by their ratio. When the spec carries both sizes, only this class changes.
 */
public final class PixelArea {

  private PixelArea() {}

  /** µm² of one mask pixel, or NaN when the slide does not state its resolution. */
  public static double squareMicrons(MaskSpec spec) {
    double mpp = spec.micronsPerPixel();
    return Double.isFinite(mpp) ? mpp * mpp : Double.NaN;
  }

  /** µm² of one slide level-0 pixel, or NaN when unknown: a mask pixel covers downsample² of them. */
  public static double squareMicronsPerLevel0Pixel(MaskSpec spec) {
    return squareMicrons(spec) / (spec.downsample() * spec.downsample());
  }
}
