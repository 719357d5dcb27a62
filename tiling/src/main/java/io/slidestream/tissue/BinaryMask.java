package io.slidestream.tissue;

import java.util.Arrays;

/**
 * A binary image, one byte a pixel (0 or 1), with the morphological operations tissue detection
 * needs. Square structuring elements are applied separably (a row pass then a column pass, each a
 * running count), so the cost does not depend on the radius.
 */
public final class BinaryMask {

  private final int width;
  private final int height;
  private final byte[] bits;

  public BinaryMask(int width, int height) {
    this(width, height, new byte[Math.multiplyExact(width, height)]);
  }

  private BinaryMask(int width, int height, byte[] bits) {
    this.width = width;
    this.height = height;
    this.bits = bits;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public boolean get(int x, int y) {
    return bits[y * width + x] != 0;
  }

  public void set(int x, int y, boolean on) {
    bits[y * width + x] = (byte) (on ? 1 : 0);
  }

  public long count() {
    long n = 0;
    for (byte b : bits) {
      n += b;
    }
    return n;
  }

  public BinaryMask copy() {
    return new BinaryMask(width, height, bits.clone());
  }

  /** Grows foreground by a (2r+1)² square. */
  public BinaryMask dilate(int radius) {
    return radius <= 0 ? copy() : slide(radius, true);
  }

  /** Shrinks foreground by a (2r+1)² square; outside the image is background. */
  public BinaryMask erode(int radius) {
    return radius <= 0 ? copy() : slide(radius, false);
  }

  /**
   * Dilation then erosion: bridges gaps and fills crevices narrower than the square. Computed on a
   * copy padded by the radius, so that what the dilation pushes past the border comes back and
   * the result never grows along the border.
   */
  public BinaryMask close(int radius) {
    if (radius <= 0) {
      return copy();
    }
    return padded(radius).dilate(radius).erode(radius).cropped(radius, width, height);
  }

  /** Erosion then dilation: removes specks and threads thinner than the square. */
  public BinaryMask open(int radius) {
    return erode(radius).dilate(radius);
  }

  private BinaryMask padded(int pad) {
    BinaryMask out = new BinaryMask(width + 2 * pad, height + 2 * pad);
    for (int y = 0; y < height; y++) {
      System.arraycopy(bits, y * width, out.bits, (y + pad) * out.width + pad, width);
    }
    return out;
  }

  private BinaryMask cropped(int offset, int w, int h) {
    BinaryMask out = new BinaryMask(w, h);
    for (int y = 0; y < h; y++) {
      System.arraycopy(bits, (y + offset) * width + offset, out.bits, y * w, w);
    }
    return out;
  }

  // dilate: a pixel is on if any pixel in the window is on; erode: if the whole window is on,
  // where the window counts its full (2r+1) extent and the outside is background.
  private BinaryMask slide(int r, boolean dilate) {
    byte[] rows = new byte[bits.length];
    int[] prefix = new int[Math.max(width, height) + 1];
    for (int y = 0; y < height; y++) {
      int base = y * width;
      for (int x = 0; x < width; x++) {
        prefix[x + 1] = prefix[x] + bits[base + x];
      }
      for (int x = 0; x < width; x++) {
        int lo = Math.max(0, x - r);
        int hi = Math.min(width, x + r + 1);
        int on = prefix[hi] - prefix[lo];
        rows[base + x] = (byte) (dilate ? (on > 0 ? 1 : 0) : (on == 2 * r + 1 ? 1 : 0));
      }
    }
    byte[] out = new byte[bits.length];
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        prefix[y + 1] = prefix[y] + rows[y * width + x];
      }
      for (int y = 0; y < height; y++) {
        int lo = Math.max(0, y - r);
        int hi = Math.min(height, y + r + 1);
        int on = prefix[hi] - prefix[lo];
        out[y * width + x] = (byte) (dilate ? (on > 0 ? 1 : 0) : (on == 2 * r + 1 ? 1 : 0));
      }
    }
    return new BinaryMask(width, height, out);
  }

  /** Removes 8-connected foreground components smaller than {@code minPixels}. */
  public BinaryMask withoutComponentsSmallerThan(long minPixels) {
    return filterComponents(true, minPixels);
  }

  /** Fills 4-connected background holes (not touching the border) smaller than {@code maxPixels}. */
  public BinaryMask withHolesFilledUpTo(long maxPixels) {
    return filterComponents(false, maxPixels);
  }

  private BinaryMask filterComponents(boolean foreground, long threshold) {
    byte target = (byte) (foreground ? 1 : 0);
    byte[] out = bits.clone();
    boolean[] seen = new boolean[bits.length];
    int[] stack = new int[bits.length];
    int[] members = new int[bits.length];
    for (int start = 0; start < bits.length; start++) {
      if (seen[start] || bits[start] != target) {
        continue;
      }
      int sp = 0;
      int count = 0;
      boolean touchesBorder = false;
      stack[sp++] = start;
      seen[start] = true;
      while (sp > 0) {
        int p = stack[--sp];
        members[count++] = p;
        int px = p % width;
        int py = p / width;
        if (px == 0 || py == 0 || px == width - 1 || py == height - 1) {
          touchesBorder = true;
        }
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            // Foreground uses 8-connectivity, background 4: the usual complementary pair.
            if ((dx == 0 && dy == 0) || (!foreground && dx != 0 && dy != 0)) {
              continue;
            }
            int nx = px + dx;
            int ny = py + dy;
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
              continue;
            }
            int q = ny * width + nx;
            if (!seen[q] && bits[q] == target) {
              seen[q] = true;
              stack[sp++] = q;
            }
          }
        }
      }
      boolean flip = foreground ? count < threshold : (!touchesBorder && count <= threshold);
      if (flip) {
        for (int i = 0; i < count; i++) {
          out[members[i]] = (byte) (1 - target);
        }
      }
    }
    return new BinaryMask(width, height, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.bits, bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }
}
