package io.slidestream.masks.areas;

import io.slidestream.masks.MaskSpec;

/**
 * The physical area of a mask pixel, for every output that reports areas in µm²: width × height,
 * which differ on scanners with non-square pixels (an OME-TIFF of 0.25 × 0.26 µm).
 */
public final class PixelArea {

  private PixelArea() {}

  /** µm² of one mask pixel, or NaN when the slide does not state its resolution. */
  public static double squareMicrons(MaskSpec spec) {
    double area = spec.micronsPerPixel() * spec.micronsPerPixelY();
    return Double.isFinite(area) ? area : Double.NaN;
  }

  /** µm² of one slide level-0 pixel, or NaN when unknown: a mask pixel covers downsample² of them. */
  public static double squareMicronsPerLevel0Pixel(MaskSpec spec) {
    return squareMicrons(spec) / (spec.downsample() * spec.downsample());
  }
}
