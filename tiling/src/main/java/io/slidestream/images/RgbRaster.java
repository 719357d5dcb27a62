package io.slidestream.images;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * Interleaved 8-bit RGB pixels in row-major order, three bytes a pixel and nothing else: the
 * project's own raster for the hot path (a tile is one array, no colour model, no alpha).
 * {@link #data()} exposes the array itself so decoders and the network input can fill and read it
 * without copying.
 */
public final class RgbRaster {

  /** The largest raster one array can hold; region reads larger than this must be tiled. */
  public static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

  private final int width;
  private final int height;
  private final byte[] data;

  private RgbRaster(int width, int height, byte[] data) {
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /** A black raster. */
  public static RgbRaster create(int width, int height) {
    checkSize(width, height);
    return new RgbRaster(width, height, new byte[width * height * 3]);
  }

  /** A raster filled with one colour, {@code 0xRRGGBB}. */
  public static RgbRaster filled(int width, int height, int rgb) {
    RgbRaster r = create(width, height);
    r.fill(rgb);
    return r;
  }

  /** Wraps an existing interleaved RGB array (not copied). */
  public static RgbRaster wrap(int width, int height, byte[] rgb) {
    checkSize(width, height);
    Objects.requireNonNull(rgb, "rgb");
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected " + (width * height * 3) + " bytes for " + width + "x" + height + ", got " + rgb.length);
    }
    return new RgbRaster(width, height, rgb);
  }

  private static void checkSize(int width, int height) {
    if (width < 0 || height < 0 || (long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException("invalid raster size " + width + "x" + height);
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The backing array, {@code width*height*3} bytes, R G B per pixel. */
  public byte[] data() {
    return data;
  }

  /** The pixel at (x, y) as {@code 0xRRGGBB}. */
  public int rgb(int x, int y) {
    int i = (y * width + x) * 3;
    return (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
  }

  public void setRgb(int x, int y, int rgb) {
    int i = (y * width + x) * 3;
    data[i] = (byte) (rgb >>> 16);
    data[i + 1] = (byte) (rgb >>> 8);
    data[i + 2] = (byte) rgb;
  }

  public void fill(int rgb) {
    if (data.length == 0) {
      return;
    }
    data[0] = (byte) (rgb >>> 16);
    data[1] = (byte) (rgb >>> 8);
    data[2] = (byte) rgb;
    // Doubling copies fill in log(n) System.arraycopy calls.
    for (int filled = 3; filled < data.length; filled *= 2) {
      System.arraycopy(data, 0, data, filled, Math.min(filled, data.length - filled));
    }
  }

  /**
   * Copies a {@code w × h} block from {@code src} at ({@code sx}, {@code sy}) into this raster at
   * ({@code dx}, {@code dy}). The block must lie inside both rasters.
   */
  public void copyFrom(RgbRaster src, int sx, int sy, int dx, int dy, int w, int h) {
    if (sx < 0 || sy < 0 || dx < 0 || dy < 0 || w < 0 || h < 0
        || sx + w > src.width || sy + h > src.height || dx + w > width || dy + h > height) {
      throw new IndexOutOfBoundsException("block " + w + "x" + h + " from (" + sx + "," + sy + ") of "
          + src.width + "x" + src.height + " to (" + dx + "," + dy + ") of " + width + "x" + height);
    }
    for (int row = 0; row < h; row++) {
      System.arraycopy(src.data, ((sy + row) * src.width + sx) * 3, data, ((dy + row) * width + dx) * 3, w * 3);
    }
  }

  /** A new raster holding a copy of the given block. */
  public RgbRaster crop(int x, int y, int w, int h) {
    RgbRaster out = create(w, h);
    out.copyFrom(this, x, y, 0, 0, w, h);
    return out;
  }

  /**
   * Resamples to {@code w × h} by area averaging when shrinking (each output pixel is the mean of the
   * input pixels it covers, as a pyramid level would be) and bilinear interpolation when enlarging.
   */
  public RgbRaster resized(int w, int h) {
    if ((width == 0 || height == 0) && w > 0 && h > 0) {
      throw new IllegalArgumentException("cannot resize an empty " + width + "x" + height + " raster to " + w + "x" + h);
    }
    if (w == width && h == height) {
      return crop(0, 0, w, h);
    }
    RgbRaster out = create(w, h);
    if (w <= width && h <= height) {
      areaAverage(out);
    } else {
      bilinear(out);
    }
    return out;
  }

  private void areaAverage(RgbRaster out) {
    shrinkRowsInto(out, (double) width / out.width, (double) height / out.height, 0, out.height, 0, height);
  }

  /**
   * Area-averages output rows {@code [outRow0, outRow1)} of {@code out} from this raster, which
   * holds rows {@code [sourceRow0, sourceRow0 + height())} of a larger source {@code sourceHeight}
   * rows tall that shrinks to {@code out} by {@code sx × sy}. This lets a shrink whose source would
   * not fit in memory run strip by strip with exactly the result of a whole-image shrink.
   *
   * @throws IndexOutOfBoundsException if the strip lacks a source row those output rows need
   */
  public void shrinkRowsInto(RgbRaster out, double sx, double sy, int outRow0, int outRow1, int sourceRow0,
      int sourceHeight) {
    for (int oy = outRow0; oy < outRow1; oy++) {
      int gy0 = (int) Math.floor(oy * sy);
      int gy1 = Math.max(gy0 + 1, Math.min(sourceHeight, (int) Math.ceil((oy + 1) * sy)));
      int y0 = gy0 - sourceRow0;
      int y1 = gy1 - sourceRow0;
      if (y0 < 0 || y1 > height) {
        throw new IndexOutOfBoundsException("output row " + oy + " needs source rows " + gy0 + ".." + gy1
            + " but the strip holds " + sourceRow0 + ".." + (sourceRow0 + height));
      }
      for (int ox = 0; ox < out.width; ox++) {
        int x0 = (int) Math.floor(ox * sx);
        int x1 = Math.max(x0 + 1, Math.min(width, (int) Math.ceil((ox + 1) * sx)));
        long r = 0;
        long g = 0;
        long b = 0;
        for (int yy = y0; yy < y1; yy++) {
          int i = (yy * width + x0) * 3;
          for (int xx = x0; xx < x1; xx++, i += 3) {
            r += data[i] & 0xff;
            g += data[i + 1] & 0xff;
            b += data[i + 2] & 0xff;
          }
        }
        long n = (long) (y1 - y0) * (x1 - x0);
        int o = (oy * out.width + ox) * 3;
        out.data[o] = (byte) ((r + n / 2) / n);
        out.data[o + 1] = (byte) ((g + n / 2) / n);
        out.data[o + 2] = (byte) ((b + n / 2) / n);
      }
    }
  }

  private void bilinear(RgbRaster out) {
    double sx = (double) width / out.width;
    double sy = (double) height / out.height;
    for (int oy = 0; oy < out.height; oy++) {
      double fy = Math.max(0, (oy + 0.5) * sy - 0.5);
      int y0 = Math.min(height - 1, (int) fy);
      int y1 = Math.min(height - 1, y0 + 1);
      double wy = fy - y0;
      for (int ox = 0; ox < out.width; ox++) {
        double fx = Math.max(0, (ox + 0.5) * sx - 0.5);
        int x0 = Math.min(width - 1, (int) fx);
        int x1 = Math.min(width - 1, x0 + 1);
        double wx = fx - x0;
        int o = (oy * out.width + ox) * 3;
        for (int c = 0; c < 3; c++) {
          double top = (data[(y0 * width + x0) * 3 + c] & 0xff) * (1 - wx) + (data[(y0 * width + x1) * 3 + c] & 0xff) * wx;
          double bot = (data[(y1 * width + x0) * 3 + c] & 0xff) * (1 - wx) + (data[(y1 * width + x1) * 3 + c] & 0xff) * wx;
          out.data[o + c] = (byte) Math.round(top * (1 - wy) + bot * wy);
        }
      }
    }
  }

  /** For image I/O at the edges (PNG files, tests); not for the hot path. */
  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        row[x] = rgb(x, y);
      }
      img.setRGB(0, y, width, 1, row, 0, width);
    }
    return img;
  }

  /** Copies any image into an RGB raster; alpha is composited over white, as slides are viewed. */
  public static RgbRaster fromBufferedImage(BufferedImage img) {
    RgbRaster out = create(img.getWidth(), img.getHeight());
    int[] row = new int[img.getWidth()];
    for (int y = 0; y < img.getHeight(); y++) {
      img.getRGB(0, y, img.getWidth(), 1, row, 0, img.getWidth());
      for (int x = 0; x < row.length; x++) {
        int argb = row[x];
        int a = argb >>> 24;
        int rgb = a == 255 ? argb & 0xffffff : overWhite(argb, a);
        out.setRgb(x, y, rgb);
      }
    }
    return out;
  }

  private static int overWhite(int argb, int a) {
    int r = ((argb >> 16 & 0xff) * a + 255 * (255 - a) + 127) / 255;
    int g = ((argb >> 8 & 0xff) * a + 255 * (255 - a) + 127) / 255;
    int b = ((argb & 0xff) * a + 255 * (255 - a) + 127) / 255;
    return r << 16 | g << 8 | b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbRaster r && r.width == width && r.height == height && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "RgbRaster[" + width + "x" + height + "]";
  }
}
