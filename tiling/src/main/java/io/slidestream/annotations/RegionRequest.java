package io.slidestream.annotations;

/**
 * A tile to rasterise annotations for: its top-left corner in slide level-0 coordinates, the
 * level-0 pixels per output pixel, and the output size. Output pixel (i, j) covers level-0
 * {@code [x + i·d, x + (i+1)·d) × [y + j·d, y + (j+1)·d)} and takes the label at its centre
 * {@code (x + (i+½)·d, y + (j+½)·d)}: the pixel-centre rule, so that tiles of a grid agree with one
 * large tile cropped.
 */
public record RegionRequest(double x, double y, double downsample, int width, int height) {

  public RegionRequest {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("region corner must be finite: " + x + ", " + y);
    }
    if (!(downsample > 0) || Double.isInfinite(downsample)) {
      throw new IllegalArgumentException("downsample must be positive and finite, got " + downsample);
    }
    if (width < 0 || height < 0 || (long) width * height > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("invalid output size " + width + "x" + height);
    }
  }

  /** Level-0 x of the centre of output column {@code i}. */
  public double centreX(int i) {
    return x + (i + 0.5) * downsample;
  }

  /** Level-0 y of the centre of output row {@code j}. */
  public double centreY(int j) {
    return y + (j + 0.5) * downsample;
  }

  /** Right edge in level-0 coordinates. */
  public double maxX() {
    return x + width * downsample;
  }

  /** Bottom edge in level-0 coordinates. */
  public double maxY() {
    return y + height * downsample;
  }
}
