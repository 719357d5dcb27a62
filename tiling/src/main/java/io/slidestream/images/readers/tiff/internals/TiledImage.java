package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.readers.SlideException;
import io.slidestream.images.tiff.TiffTags;
import java.nio.file.Path;

/**
 * One tiled image of a TIFF (a pyramid level): its size, tile grid, sample layout, compression and
 * where each tile is. Everything the file claims is checked when this is built, so that reading a
 * tile later can trust it: sizes against limits (→ {@link SlideException.TooLarge}), the tile
 * tables against the file's length (→ {@link SlideException.Corrupt}), and the encoding against
 * what the decoders can do (→ {@link SlideException.Unsupported}).
 */
public final class TiledImage {

  /** Wider or taller than any slide scanned (the largest are a few hundred thousand pixels). */
  public static final long MAX_DIMENSION = 1L << 22;
  /** A tile is decoded whole; larger tiles than this (48 MiB as RGB) are refused. */
  public static final long MAX_TILE_PIXELS = 4096L * 4096;
  /**
   * More tiles than any slide has (the largest have about a million): beyond this the tile
   * tables alone would take gigabytes.
   */
  public static final long MAX_TILES = 1L << 24;
  /** JPEGTables hold a few hundred bytes; anything near this is not tables. */
  private static final int MAX_JPEG_TABLES = 1 << 20;

  private final Path file;
  private final long directory;
  private final int width;
  private final int height;
  private final int tileWidth;
  private final int tileHeight;
  private final int tilesAcross;
  private final int tilesDown;
  private final int samplesPerPixel;
  private final Compression compression;
  private final int photometric;
  private final int predictor;
  private final byte[] jpegTables;
  private final long[] offsets;
  private final long[] byteCounts;

  private TiledImage(Path file, TiffDirectory dir, int width, int height, int tileWidth, int tileHeight,
      int samplesPerPixel, Compression compression, int photometric, int predictor, byte[] jpegTables,
      long[] offsets, long[] byteCounts) {
    this.file = file;
    this.directory = dir.position();
    this.width = width;
    this.height = height;
    this.tileWidth = tileWidth;
    this.tileHeight = tileHeight;
    this.tilesAcross = (int) ceilDiv(width, tileWidth);
    this.tilesDown = (int) ceilDiv(height, tileHeight);
    this.samplesPerPixel = samplesPerPixel;
    this.compression = compression;
    this.photometric = photometric;
    this.predictor = predictor;
    this.jpegTables = jpegTables;
    this.offsets = offsets;
    this.byteCounts = byteCounts;
  }

  /** Whether a directory is stored in tiles (rather than strips). */
  public static boolean isTiled(TiffDirectory dir) {
    return dir.has(TiffTags.TILE_WIDTH) && dir.has(TiffTags.TILE_LENGTH) && dir.has(TiffTags.TILE_OFFSETS);
  }

  /** NewSubfileType bit 2: a transparency mask, never an image of the slide. */
  public static boolean isMask(TiffDirectory dir) {
    return (dir.integer(TiffTags.NEW_SUBFILE_TYPE, 0) & TiffTags.SUBFILE_TRANSPARENCY_MASK) != 0;
  }

  /** The width a directory claims, without validating anything else. */
  public static long claimedWidth(TiffDirectory dir) {
    return dir.integer(TiffTags.IMAGE_WIDTH, 0);
  }

  /**
   * Reads and validates a tiled directory.
   *
   * @throws SlideException.TooLarge for dimensions or tiles beyond the limits
   * @throws SlideException.Unsupported for an encoding the reader cannot decode
   * @throws SlideException.Corrupt for tables that do not fit the image or the file
   */
  public static TiledImage read(SlideFile file, TiffDirectory dir) {
    Path path = file.path();
    String where = "image at byte " + dir.position();
    long w = dir.integer(TiffTags.IMAGE_WIDTH, -1);
    long h = dir.integer(TiffTags.IMAGE_LENGTH, -1);
    long tw = dir.integer(TiffTags.TILE_WIDTH, -1);
    long th = dir.integer(TiffTags.TILE_LENGTH, -1);
    if (w <= 0 || h <= 0 || tw <= 0 || th <= 0) {
      throw new SlideException.Corrupt(path, where + ": invalid size " + w + "x" + h + " or tile size " + tw + "x" + th);
    }
    if (w > MAX_DIMENSION || h > MAX_DIMENSION) {
      throw new SlideException.TooLarge(path, where + " claims " + w + "x" + h
          + " pixels; no slide is wider or taller than " + MAX_DIMENSION);
    }
    if (tw > MAX_DIMENSION || th > MAX_DIMENSION || tw * th > MAX_TILE_PIXELS) {
      throw new SlideException.TooLarge(path, where + " has " + tw + "x" + th + " tiles; at most "
          + MAX_TILE_PIXELS + " pixels a tile are read");
    }
    int code = (int) dir.integer(TiffTags.COMPRESSION, 1);
    Compression compression = Compression.of(code);
    if (compression == null) {
      throw new SlideException.Unsupported(path, where + " uses " + Compression.describe(code)
          + " compression, which the tiff reader cannot decode");
    }
    int spp = (int) dir.integer(TiffTags.SAMPLES_PER_PIXEL, 1);
    if (spp != 1 && spp != 3) {
      throw new SlideException.Unsupported(path, where + " has " + spp
          + " samples per pixel; only grey (1) and RGB (3) are read");
    }
    if (spp > 1 && dir.integer(TiffTags.PLANAR_CONFIGURATION, 1) != 1) {
      throw new SlideException.Unsupported(path, where + " stores colour planes separately (PlanarConfiguration 2)");
    }
    if (dir.has(TiffTags.BITS_PER_SAMPLE)) {
      for (long bits : dir.integers(TiffTags.BITS_PER_SAMPLE, 1, spp)) {
        if (bits != 8) {
          throw new SlideException.Unsupported(path, where + " has " + bits + "-bit samples; only 8-bit are read");
        }
      }
    }
    // SampleFormat, like BitsPerSample, may hold one value per sample (as the TIFF 6 spec has it).
    if (dir.has(TiffTags.SAMPLE_FORMAT)) {
      for (long format : dir.integers(TiffTags.SAMPLE_FORMAT, 1, spp)) {
        if (format != 1) {
          throw new SlideException.Unsupported(path, where + " has signed or floating-point samples");
        }
      }
    }
    int photometric = (int) dir.integer(TiffTags.PHOTOMETRIC, spp == 3 ? TiffTags.PHOTOMETRIC_RGB : TiffTags.PHOTOMETRIC_MIN_IS_BLACK);
    boolean photometricOk = spp == 3
        ? photometric == TiffTags.PHOTOMETRIC_RGB || (photometric == TiffTags.PHOTOMETRIC_YCBCR && compression == Compression.JPEG)
        : photometric == TiffTags.PHOTOMETRIC_MIN_IS_BLACK
            || (photometric == TiffTags.PHOTOMETRIC_MIN_IS_WHITE && compression != Compression.JPEG);
    if (!photometricOk) {
      throw new SlideException.Unsupported(path, where + " has photometric interpretation " + photometric
          + " with " + spp + " samples and " + Compression.describe(code) + " compression");
    }
    int predictor = (int) dir.integer(TiffTags.PREDICTOR, 1);
    if (predictor != 1 && (predictor != 2 || compression == Compression.JPEG)) {
      throw new SlideException.Unsupported(path, where + " uses predictor " + predictor);
    }
    byte[] tables = compression == Compression.JPEG && dir.has(TiffTags.JPEG_TABLES)
        ? dir.bytes(TiffTags.JPEG_TABLES, MAX_JPEG_TABLES) : null;
    long tiles = ceilDiv(w, tw) * ceilDiv(h, th);
    if (tiles > MAX_TILES) {
      throw new SlideException.TooLarge(path, where + " is " + w + "x" + h + " pixels in " + tw + "x" + th
          + " tiles, " + tiles + " tiles; at most " + MAX_TILES + " tiles an image are read");
    }
    // Both tables must list exactly one entry a tile: they are checked against the file's length
    // before they are read, so a claim of billions of tiles fails without allocating.
    long[] offsets = dir.integers(TiffTags.TILE_OFFSETS, tiles, tiles);
    long[] counts = dir.integers(TiffTags.TILE_BYTE_COUNTS, tiles, tiles);
    TiledImage image = new TiledImage(path, dir, (int) w, (int) h, (int) tw, (int) th, spp, compression,
        photometric, predictor, tables, offsets, counts);
    image.checkTilesInFile(file.length());
    return image;
  }

  private void checkTilesInFile(long fileLength) {
    for (int i = 0; i < offsets.length; i++) {
      long off = offsets[i];
      long n = byteCounts[i];
      if (n == 0) {
        continue; // a tile never written: sparse slides leave empty areas out
      }
      if (n < 0 || n > maxTileBytes()) {
        throw new SlideException.Corrupt(file, "tile " + describeTile(i) + " claims " + n
            + " bytes, more than a " + tileWidth + "x" + tileHeight + " tile can take");
      }
      if (off < 0 || off > fileLength - n) {
        throw new SlideException.Corrupt(file, "tile " + describeTile(i) + " lies at bytes " + off + ".."
            + (off + n) + " but the file ends at byte " + fileLength + ": the file is truncated");
      }
    }
  }

  /** Room for incompressible data plus headers; real tiles are far smaller. */
  int maxTileBytes() {
    return (int) Math.min(Integer.MAX_VALUE - 8, (long) tileWidth * tileHeight * samplesPerPixel * 2 + (1 << 20));
  }

  String describeTile(int index) {
    return "(" + (index % tilesAcross) + "," + (index / tilesAcross) + ") of the image at byte " + directory;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int tileWidth() {
    return tileWidth;
  }

  public int tileHeight() {
    return tileHeight;
  }

  public int tilesAcross() {
    return tilesAcross;
  }

  public int tilesDown() {
    return tilesDown;
  }

  int samplesPerPixel() {
    return samplesPerPixel;
  }

  Compression compression() {
    return compression;
  }

  int photometric() {
    return photometric;
  }

  int predictor() {
    return predictor;
  }

  byte[] jpegTables() {
    return jpegTables;
  }

  long tileOffset(int index) {
    return offsets[index];
  }

  long tileByteCount(int index) {
    return byteCounts[index];
  }
}
