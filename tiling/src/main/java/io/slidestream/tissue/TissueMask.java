package io.slidestream.tissue;

/**
 * Where the tissue is, as a binary mask over the slide at a reduced resolution. Each mask pixel
 * covers {@code downsample × downsample} level-0 pixels.
 */
public final class TissueMask {

  private final BinaryMask mask;
  private final double downsample;
  private final long[] integral;

  public TissueMask(BinaryMask mask, double downsample) {
    if (!(downsample > 0)) {
      throw new IllegalArgumentException("downsample must be positive, got " + downsample);
    }
    this.mask = mask;
    this.downsample = downsample;
    // A summed-area table makes the tissue fraction of any rectangle O(1), which the grid asks per tile.
    int w = mask.width();
    int h = mask.height();
    integral = new long[(w + 1) * (h + 1)];
    for (int y = 0; y < h; y++) {
      long row = 0;
      for (int x = 0; x < w; x++) {
        row += mask.get(x, y) ? 1 : 0;
        integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
      }
    }
  }

  public BinaryMask mask() {
    return mask;
  }

  public double downsample() {
    return downsample;
  }

  /** Fraction of all mask pixels that are tissue. */
  public double tissueFraction() {
    return (double) mask.count() / ((long) mask.width() * mask.height());
  }

  /**
   * Fraction of tissue in the part of a level-0 rectangle that lies on the slide, counting the mask
   * pixels whose centres fall inside it (the nearest one for a rectangle smaller than a mask
   * pixel). Area beyond the slide's edge is left out of the count, so an edge tile full of tissue
   * scores 1, not the share of it that happens to be on the slide; a rectangle wholly off the
   * slide scores 0.
   */
  public double fraction(double x0, double y0, double width, double height) {
    int w = mask.width();
    int h = mask.height();
    int mx0 = (int) Math.round(x0 / downsample);
    int my0 = (int) Math.round(y0 / downsample);
    int mx1 = Math.max(mx0 + 1, (int) Math.round((x0 + width) / downsample));
    int my1 = Math.max(my0 + 1, (int) Math.round((y0 + height) / downsample));
    int cx0 = Math.max(0, Math.min(w, mx0));
    int cy0 = Math.max(0, Math.min(h, my0));
    int cx1 = Math.max(0, Math.min(w, mx1));
    int cy1 = Math.max(0, Math.min(h, my1));
    long area = (long) (cx1 - cx0) * (cy1 - cy0);
    if (area == 0) {
      return 0;
    }
    long on = integral[cy1 * (w + 1) + cx1] - integral[cy0 * (w + 1) + cx1]
        - integral[cy1 * (w + 1) + cx0] + integral[cy0 * (w + 1) + cx0];
    return (double) on / area;
  }
}
