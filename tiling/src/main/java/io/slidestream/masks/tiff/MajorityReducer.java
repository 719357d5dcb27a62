package io.slidestream.masks.tiff;

/**
 * Halves a label raster: each output pixel is the most frequent label of its 2×2 input block,
 * the lowest label winning a tie, so that a reduced level neither invents classes (as averaging
 * would) nor depends on scan order. Blocks cut by the right or bottom edge vote with the pixels
 * they have.
 */
public final class MajorityReducer {

  private MajorityReducer() {}

  /**
   * Reduces the {@code srcW × srcH} pixels at the top-left of {@code src} (row stride
   * {@code srcStride}) into {@code dst} (row stride {@code dstStride}): {@code ceil(srcW/2) ×
   * ceil(srcH/2)} pixels are written.
   */
  public static void reduce(byte[] src, int srcStride, int srcW, int srcH, byte[] dst, int dstStride) {
    int outW = (srcW + 1) / 2;
    int outH = (srcH + 1) / 2;
    for (int oy = 0; oy < outH; oy++) {
      int y0 = oy * 2;
      boolean twoRows = y0 + 1 < srcH;
      int r0 = y0 * srcStride;
      int r1 = r0 + srcStride;
      int o = oy * dstStride;
      for (int ox = 0; ox < outW; ox++) {
        int x0 = ox * 2;
        boolean twoCols = x0 + 1 < srcW;
        int a = src[r0 + x0] & 0xff;
        int label;
        if (twoCols && twoRows) {
          label = majorityOf4(a, src[r0 + x0 + 1] & 0xff, src[r1 + x0] & 0xff, src[r1 + x0 + 1] & 0xff);
        } else if (twoCols) {
          int b = src[r0 + x0 + 1] & 0xff;
          label = a == b ? a : Math.min(a, b);
        } else if (twoRows) {
          int c = src[r1 + x0] & 0xff;
          label = a == c ? a : Math.min(a, c);
        } else {
          label = a;
        }
        dst[o + ox] = (byte) label;
      }
    }
  }

  /** The most frequent of four labels, the lowest on a tie; branches only, no counting arrays. */
  static int majorityOf4(int a, int b, int c, int d) {
    if (a == b) {
      if (a == c || a == d) {
        return a;
      }
      return c == d ? Math.min(a, c) : a;
    }
    if (a == c) {
      return b == d ? Math.min(a, b) : a;
    }
    if (a == d) {
      return b == c ? Math.min(a, b) : a;
    }
    if (b == c || b == d) {
      return b;
    }
    if (c == d) {
      return c;
    }
    return Math.min(Math.min(a, b), Math.min(c, d));
  }
}
