package io.slidestream.testdata;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Hostile and damaged TIFF slides, built by {@link TinyTiff} around one sound tiled RGB image (a
 * pink disc of "tissue" on white, Deflate tiles, 2 µm/px): directory chains that loop, tiles
 * outside the file, impossible sizes, and JPEG and Deflate bombs, either in the smallest level
 * (read whole when a slide is probed) or in the full-resolution level of a two-level pyramid (read
 * only when tiles are).
 */
public final class HostileTiffs {

  /** Tile side of every image here. */
  public static final int TILE = 256;
  /** The JPEG bomb's frame header claims this many pixels a side (the largest JPEG allows). */
  public static final int JPEG_BOMB_SIDE = 65_500;
  /** What the Deflate bomb inflates to: 64 MiB, 340 times a 256² RGB tile, from about 64 KB. */
  public static final int DEFLATE_BOMB_BYTES = 64 << 20;

  private static final int NEW_SUBFILE_TYPE = 254;
  private static final int IMAGE_WIDTH = 256;
  private static final int IMAGE_LENGTH = 257;
  private static final int BITS_PER_SAMPLE = 258;
  private static final int COMPRESSION = 259;
  private static final int PHOTOMETRIC = 262;
  private static final int SAMPLES_PER_PIXEL = 277;
  private static final int X_RESOLUTION = 282;
  private static final int Y_RESOLUTION = 283;
  private static final int RESOLUTION_UNIT = 296;
  private static final int TILE_WIDTH = 322;
  private static final int TILE_LENGTH = 323;
  private static final int TILE_OFFSETS = 324;
  private static final int TILE_BYTE_COUNTS = 325;
  private static final int SUB_IFDS = 330;

  /** What a level's tiles hold. */
  public enum Tiles {
    /** The disc, Deflate-compressed. */
    GOOD,
    /** JPEG tiles whose frame header claims {@value #JPEG_BOMB_SIDE}² pixels. */
    JPEG_BOMB,
    /** Deflate tiles that inflate to {@value #DEFLATE_BOMB_BYTES} bytes. */
    DEFLATE_BOMB
  }

  private HostileTiffs() {}

  /** A sound one-level slide: the reference every other file here damages in one way. */
  public static Path sound(Path file) {
    TinyTiff t = new TinyTiff();
    image(t, TILE, TILE, Tiles.GOOD, false);
    return write(t, file);
  }

  /** A two-level pyramid (1024² and 256² pixels) with the given tiles in each level. */
  public static Path pyramid(Path file, Tiles full, Tiles reduced) {
    TinyTiff t = new TinyTiff();
    image(t, 4 * TILE, 4 * TILE, full, false);
    t.directory();
    image(t, TILE, TILE, reduced, true);
    return write(t, file);
  }

  /** The only directory's next offset points at itself. */
  public static Path directoryPointingAtItself(Path file) {
    TinyTiff t = new TinyTiff();
    image(t, TILE, TILE, Tiles.GOOD, false);
    t.next(0, 0);
    return write(t, file);
  }

  /** Three directories, the third pointing back at the second. */
  public static Path directoryPointingBack(Path file) {
    TinyTiff t = new TinyTiff();
    image(t, 4 * TILE, 4 * TILE, Tiles.GOOD, false);
    t.directory();
    image(t, 2 * TILE, 2 * TILE, Tiles.GOOD, true);
    t.directory();
    image(t, TILE, TILE, Tiles.GOOD, true);
    t.next(2, 1);
    return write(t, file);
  }

  /** An OME-style SubIFDs entry in the first directory that points at the first directory itself. */
  public static Path subDirectoryLoop(Path file) {
    TinyTiff t = new TinyTiff();
    byte[] xml = ascii("<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
        + "<Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"256\""
        + " SizeY=\"256\" SizeC=\"3\" SizeZ=\"1\" SizeT=\"1\" PhysicalSizeX=\"2\" PhysicalSizeY=\"2\"/></Image></OME>");
    long description = t.block(xml);
    image(t, TILE, TILE, Tiles.GOOD, false);
    t.field(270, TinyTiff.ASCII, xml.length, description);
    t.fieldPointingAt(SUB_IFDS, 0);
    return write(t, file);
  }

  /** The sound slide with its tile's byte count running 1 MB past the end of the file. */
  public static Path tileBytesBeyondTheEnd(Path file) {
    TinyTiff t = new TinyTiff();
    imageWithTable(t, TILE, TILE, new long[] {-1}, new long[] {1 << 20});
    return write(t, file);
  }

  /** The sound slide with its tile's offset 1 GB past the end of the file. */
  public static Path tileOffsetBeyondTheEnd(Path file) {
    TinyTiff t = new TinyTiff();
    imageWithTable(t, TILE, TILE, new long[] {1L << 30}, new long[] {-1});
    return write(t, file);
  }

  /**
   * A one-tile image whose width and height entries are {@code type} (SHORT, LONG or SLONG)
   * holding {@code width} and {@code height}: 0, a negative SLONG, or a LONG above 2^31.
   */
  public static Path claimingSize(Path file, int type, long width, long height) {
    TinyTiff t = new TinyTiff();
    imageFields(t, TILE, TILE, type, width, height, Tiles.GOOD, false);
    return write(t, file);
  }

  /** A 256² image claiming tiles of {@code tileSide}² pixels (one tile). */
  public static Path claimingTileSide(Path file, long tileSide) {
    TinyTiff t = new TinyTiff();
    long data = t.block(deflate(disc(TILE, TILE, 0, 0, TILE)));
    rgbFields(t, TinyTiff.LONG, TILE, TILE, 8, false);
    t.field(TILE_WIDTH, TinyTiff.LONG, 1, tileSide).field(TILE_LENGTH, TinyTiff.LONG, 1, tileSide);
    t.field(TILE_OFFSETS, TinyTiff.LONG, 1, data).field(TILE_BYTE_COUNTS, TinyTiff.LONG, 1, 1000);
    return write(t, file);
  }

  private static void image(TinyTiff t, int w, int h, Tiles tiles, boolean reduced) {
    imageFields(t, w, h, TinyTiff.LONG, w, h, tiles, reduced);
  }

  private static void imageFields(TinyTiff t, int w, int h, int sizeType, long claimW, long claimH, Tiles tiles,
      boolean reduced) {
    int across = (w + TILE - 1) / TILE;
    int down = (h + TILE - 1) / TILE;
    long[] offsets = new long[across * down];
    long[] counts = new long[offsets.length];
    byte[] bomb = tiles == Tiles.JPEG_BOMB ? jpegBomb() : tiles == Tiles.DEFLATE_BOMB ? deflateBomb() : null;
    long bombAt = bomb == null ? 0 : t.block(bomb);
    for (int i = 0; i < offsets.length; i++) {
      if (bomb != null) {
        offsets[i] = bombAt;
        counts[i] = bomb.length;
      } else {
        byte[] tile = deflate(disc(w, h, (i % across) * TILE, (i / across) * TILE, TILE));
        offsets[i] = t.block(tile);
        counts[i] = tile.length;
      }
    }
    rgbFields(t, sizeType, claimW, claimH, tiles == Tiles.JPEG_BOMB ? 7 : 8, reduced);
    tileFields(t, offsets, counts);
  }

  /** A sound image with its tile table edited: -1 keeps the true value. */
  private static void imageWithTable(TinyTiff t, int w, int h, long[] offsets, long[] counts) {
    byte[] tile = deflate(disc(w, h, 0, 0, TILE));
    long at = t.block(tile);
    long[] o = offsets.clone();
    long[] c = counts.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] = o[i] < 0 ? at : o[i];
      c[i] = c[i] < 0 ? tile.length : c[i];
    }
    rgbFields(t, TinyTiff.LONG, w, h, 8, false);
    tileFields(t, o, c);
  }

  private static void rgbFields(TinyTiff t, int sizeType, long w, long h, int compression, boolean reduced) {
    long res = t.rational(5000, 1); // 5000 px/cm = 2 µm/px
    if (reduced) {
      t.field(NEW_SUBFILE_TYPE, TinyTiff.LONG, 1, 1);
    }
    t.field(IMAGE_WIDTH, sizeType, 1, w).field(IMAGE_LENGTH, sizeType, 1, h)
        .field(BITS_PER_SAMPLE, TinyTiff.SHORT, 1, 8).field(COMPRESSION, TinyTiff.SHORT, 1, compression)
        .field(PHOTOMETRIC, TinyTiff.SHORT, 1, compression == 7 ? 6 : 2)
        .field(SAMPLES_PER_PIXEL, TinyTiff.SHORT, 1, 3)
        .field(X_RESOLUTION, TinyTiff.RATIONAL, 1, res).field(Y_RESOLUTION, TinyTiff.RATIONAL, 1, res)
        .field(RESOLUTION_UNIT, TinyTiff.SHORT, 1, 3);
  }

  private static void tileFields(TinyTiff t, long[] offsets, long[] counts) {
    t.field(TILE_WIDTH, TinyTiff.SHORT, 1, TILE).field(TILE_LENGTH, TinyTiff.SHORT, 1, TILE);
    if (offsets.length == 1) {
      t.field(TILE_OFFSETS, TinyTiff.LONG, 1, offsets[0]).field(TILE_BYTE_COUNTS, TinyTiff.LONG, 1, counts[0]);
    } else {
      t.field(TILE_OFFSETS, TinyTiff.LONG, offsets.length, t.longs(offsets))
          .field(TILE_BYTE_COUNTS, TinyTiff.LONG, counts.length, t.longs(counts));
    }
  }

  /**
   * One tile of a {@code w × h} image of a pink disc on white, its corner at ({@code x0}, {@code y0}):
   * saturated enough to be found as tissue.
   */
  static byte[] disc(int w, int h, int x0, int y0, int side) {
    byte[] rgb = new byte[side * side * 3];
    double cx = w / 2.0;
    double cy = h / 2.0;
    double r = 0.35 * Math.min(w, h);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double dx = x0 + x + 0.5 - cx;
        double dy = y0 + y + 0.5 - cy;
        boolean in = dx * dx + dy * dy < r * r;
        int o = (y * side + x) * 3;
        // Texture inside the disc, so that it reads as tissue and not as a flat stain.
        int grain = in ? ((x * 7 + y * 13) % 17) * 3 : 0;
        rgb[o] = (byte) (in ? 200 - grain : 255);
        rgb[o + 1] = (byte) (in ? 110 - grain : 255);
        rgb[o + 2] = (byte) (in ? 170 - grain : 255);
      }
    }
    return rgb;
  }

  static byte[] deflate(byte[] raw) {
    Deflater d = new Deflater(6);
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /** A zlib stream of {@value #DEFLATE_BOMB_BYTES} zero bytes, made without holding them. */
  public static byte[] deflateBomb() {
    Deflater d = new Deflater(9);
    byte[] zeros = new byte[1 << 20];
    byte[] buf = new byte[64 * 1024];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < DEFLATE_BOMB_BYTES / zeros.length; i++) {
      d.setInput(zeros);
      while (!d.needsInput()) {
        out.write(buf, 0, d.deflate(buf));
      }
    }
    d.finish();
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /** A real 256² baseline JPEG whose frame header (SOF0) claims {@value #JPEG_BOMB_SIDE}² pixels. */
  public static byte[] jpegBomb() {
    BufferedImage image = new BufferedImage(TILE, TILE, BufferedImage.TYPE_3BYTE_BGR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpeg", out)) {
        throw new IllegalStateException("no JPEG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jpeg = out.toByteArray();
    for (int p = 2; p + 9 < jpeg.length; ) {
      int marker = jpeg[p + 1] & 0xff;
      int length = (jpeg[p + 2] & 0xff) << 8 | (jpeg[p + 3] & 0xff);
      if (marker == 0xC0) {
        jpeg[p + 5] = jpeg[p + 7] = (byte) (JPEG_BOMB_SIDE >> 8);
        jpeg[p + 6] = jpeg[p + 8] = (byte) JPEG_BOMB_SIDE;
        return jpeg;
      }
      p += 2 + length;
    }
    throw new IllegalStateException("the JDK's JPEG has no SOF0 marker");
  }

  private static byte[] ascii(String s) {
    return Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), s.length() + 1); // NUL-terminated
  }

  private static Path write(TinyTiff t, Path file) {
    try {
      return t.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
