package io.slidestream.images;

import java.util.Arrays;

/**
 * One unsigned byte per pixel, row-major: a class id (0..255) per pixel, as in label masks and
 * predicted label tiles.
 */
public final class LabelRaster {

  private final int width;
  private final int height;
  private final byte[] data;

  private LabelRaster(int width, int height, byte[] data) {
    this.width = width;
    this.height = height;
    this.data = data;
  }

  public static LabelRaster create(int width, int height) {
    if (width < 0 || height < 0 || (long) width * height > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("invalid raster size " + width + "x" + height);
    }
    return new LabelRaster(width, height, new byte[width * height]);
  }

  public static LabelRaster wrap(int width, int height, byte[] labels) {
    if (labels.length != (long) width * height) {
      throw new IllegalArgumentException(
          "expected " + ((long) width * height) + " bytes for " + width + "x" + height + ", got " + labels.length);
    }
    return new LabelRaster(width, height, labels);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The backing array, one byte a pixel. */
  public byte[] data() {
    return data;
  }

  public int get(int x, int y) {
    return data[y * width + x] & 0xff;
  }

  public void set(int x, int y, int label) {
    data[y * width + x] = (byte) label;
  }

  public void fill(int label) {
    Arrays.fill(data, (byte) label);
  }

  /** Copies a block of {@code src} into this raster; the block must lie inside both. */
  public void copyFrom(LabelRaster src, int sx, int sy, int dx, int dy, int w, int h) {
    if (sx < 0 || sy < 0 || dx < 0 || dy < 0 || w < 0 || h < 0
        || sx + w > src.width || sy + h > src.height || dx + w > width || dy + h > height) {
      throw new IndexOutOfBoundsException("block " + w + "x" + h + " outside the rasters");
    }
    for (int row = 0; row < h; row++) {
      System.arraycopy(src.data, (sy + row) * src.width + sx, data, (dy + row) * width + dx, w);
    }
  }

  public LabelRaster crop(int x, int y, int w, int h) {
    LabelRaster out = create(w, h);
    out.copyFrom(this, x, y, 0, 0, w, h);
    return out;
  }

  /** Pixel count per label value, 256 entries. */
  public long[] histogram() {
    long[] h = new long[256];
    for (byte b : data) {
      h[b & 0xff]++;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelRaster r && r.width == width && r.height == height && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "LabelRaster[" + width + "x" + height + "]";
  }
}
