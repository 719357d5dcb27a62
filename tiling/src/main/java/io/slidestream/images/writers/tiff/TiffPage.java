package io.slidestream.images.writers.tiff;

import java.util.Objects;

/**
 * One tiled image (one IFD) of a TIFF file: a pyramid level, or a whole single-resolution image.
 * Tiles are squares of {@code tileSize}; the ones on the right and bottom edges are stored padded
 * to the full size, as TIFF requires.
 *
 * @param width           pixels across
 * @param height          pixels down
 * @param tileSize        tile side, a multiple of 16 from 16 to 4096
 * @param format          sample layout and compression
 * @param reduced         true for a reduced-resolution copy of an earlier page (NewSubfileType 1)
 * @param description     ImageDescription (ASCII), or null for none
 * @param micronsPerPixel pixel width written as XResolution in pixels per cm, or NaN for none
 * @param background      the value of tiles never written: {@code 0xRRGGBB} for RGB, 0..255 for gray
 * @param micronsPerPixelY pixel height written as YResolution, NaN exactly when the width is
 */
public record TiffPage(
    long width,
    long height,
    int tileSize,
    TileFormat format,
    boolean reduced,
    String description,
    double micronsPerPixel,
    int background,
    double micronsPerPixelY) {

  /** Keeps the offset tables (16 bytes a tile, in memory until the end) modest. */
  public static final long MAX_TILES = 1L << 24;

  /** TIFF stores image sizes as LONG. */
  public static final long MAX_SIDE = 0xffff_ffffL;

  public TiffPage {
    Objects.requireNonNull(format, "format");
    if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("page size must be within 1.." + MAX_SIDE + ", got " + width + "x" + height);
    }
    if (tileSize < 16 || tileSize > 4096 || tileSize % 16 != 0) {
      throw new IllegalArgumentException("TIFF tile size must be a multiple of 16 in 16..4096, got " + tileSize);
    }
    long tiles = ceilDiv(width, tileSize) * ceilDiv(height, tileSize);
    if (tiles > MAX_TILES) {
      throw new IllegalArgumentException("a " + width + "x" + height + " page in " + tileSize
          + " px tiles has " + tiles + " tiles, more than " + MAX_TILES + "; use larger tiles");
    }
    if (description != null && !description.chars().allMatch(c -> c > 0 && c < 128)) {
      throw new IllegalArgumentException("ImageDescription must be non-NUL ASCII");
    }
    if (!Double.isNaN(micronsPerPixel) && !(micronsPerPixel > 0 && micronsPerPixel < 1e6)
        || !Double.isNaN(micronsPerPixelY) && !(micronsPerPixelY > 0 && micronsPerPixelY < 1e6)
        || Double.isNaN(micronsPerPixel) != Double.isNaN(micronsPerPixelY)) {
      throw new IllegalArgumentException("microns per pixel must be positive for both axes, or NaN for both, got "
          + micronsPerPixel + " x " + micronsPerPixelY);
    }
    if (format.samplesPerPixel() == 1 && (background < 0 || background > 255)) {
      throw new IllegalArgumentException("gray background must be 0..255, got " + background);
    }
  }

  /** A page of square pixels. */
  public TiffPage(long width, long height, int tileSize, TileFormat format, boolean reduced, String description,
      double micronsPerPixel, int background) {
    this(width, height, tileSize, format, reduced, description, micronsPerPixel, background, micronsPerPixel);
  }

  /** A full-resolution page with no description and no resolution. */
  public static TiffPage of(long width, long height, int tileSize, TileFormat format, int background) {
    return new TiffPage(width, height, tileSize, format, false, null, Double.NaN, background);
  }

  public TiffPage asReduced() {
    return new TiffPage(width, height, tileSize, format, true, description, micronsPerPixel, background,
        micronsPerPixelY);
  }

  public TiffPage withDescription(String text) {
    return new TiffPage(width, height, tileSize, format, reduced, text, micronsPerPixel, background,
        micronsPerPixelY);
  }

  /** The same page with square pixels {@code mpp} µm wide and high. */
  public TiffPage withMicronsPerPixel(double mpp) {
    return new TiffPage(width, height, tileSize, format, reduced, description, mpp, background);
  }

  public int columns() {
    return (int) ceilDiv(width, tileSize);
  }

  public int rows() {
    return (int) ceilDiv(height, tileSize);
  }

  public int tileCount() {
    return columns() * rows();
  }

  /** Bytes of one uncompressed tile as handed to the writer: tileSize² × samples. */
  public int tileBytes() {
    return tileSize * tileSize * format.samplesPerPixel();
  }

  /**
   * A full tile from a partial one ({@code w × h} pixels, row-major, as at the right and bottom
   * edges), the rest filled by repeating the last column and row. Repeating rather than filling
   * with a constant keeps JPEG's 2×2 chroma blocks and DCT blocks that straddle the edge from
   * bleeding a foreign colour into the visible pixels.
   */
  public byte[] fullTile(byte[] pixels, int w, int h) {
    int spp = format.samplesPerPixel();
    if (w < 1 || h < 1 || w > tileSize || h > tileSize || pixels.length != w * h * spp) {
      throw new IllegalArgumentException("a partial tile must be 1.." + tileSize + " square with "
          + spp + " bytes a pixel, got " + w + "x" + h + " in " + pixels.length + " bytes");
    }
    if (w == tileSize && h == tileSize) {
      return pixels;
    }
    byte[] out = new byte[tileBytes()];
    int rowBytes = tileSize * spp;
    for (int y = 0; y < h; y++) {
      int o = y * rowBytes;
      System.arraycopy(pixels, y * w * spp, out, o, w * spp);
      for (int x = w; x < tileSize; x++) {
        System.arraycopy(out, o + (w - 1) * spp, out, o + x * spp, spp);
      }
    }
    for (int y = h; y < tileSize; y++) {
      System.arraycopy(out, (h - 1) * rowBytes, out, y * rowBytes, rowBytes);
    }
    return out;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
