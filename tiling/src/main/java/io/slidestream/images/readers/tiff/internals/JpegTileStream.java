package io.slidestream.images.readers.tiff.internals;

/**
 * Turns a TIFF JPEG tile into a complete JPEG stream. Tiles are often abbreviated: their
 * quantisation and Huffman tables are stored once in the JPEGTables tag, which goes first, before
 * the tile's own markers (which may redefine tables).
 *
 * <p>A tile of a TIFF whose photometric interpretation is RGB holds RGB samples, but nothing in
 * the JPEG stream says so (Aperio writes component ids 0, 1, 2 and no JFIF or Adobe segment), and a
 * decoder would take it for YCbCr. An Adobe APP14 segment with transform 0 says "no colour
 * transform" to every libjpeg-based decoder; it goes first so that a segment in the tile itself
 * would still win.
 */
final class JpegTileStream {

  /** APP14 "Adobe", version 100, flags 0, 0, transform 0 (none). */
  private static final byte[] ADOBE_RGB = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};

  private final byte[] tablesBody;
  private final boolean markRgb;

  /**
   * @param tables  the JPEGTables value (an abbreviated stream SOI … EOI), or null
   * @param markRgb whether the samples are RGB and must not be colour-converted
   */
  JpegTileStream(byte[] tables, boolean markRgb) {
    this.tablesBody = tables == null ? new byte[0] : body(tables);
    this.markRgb = markRgb;
  }

  /** The tables between SOI and EOI; a table stream without them is used as it is. */
  private static byte[] body(byte[] tables) {
    int from = tables.length >= 2 && (tables[0] & 0xff) == 0xFF && (tables[1] & 0xff) == 0xD8 ? 2 : 0;
    int to = tables.length;
    if (to - from >= 2 && (tables[to - 2] & 0xff) == 0xFF && (tables[to - 1] & 0xff) == 0xD9) {
      to -= 2;
    }
    byte[] b = new byte[to - from];
    System.arraycopy(tables, from, b, 0, b.length);
    return b;
  }

  /** Whether a stream is needed at all, or the tile can be decoded as it is stored. */
  boolean isIdentity() {
    return tablesBody.length == 0 && !markRgb;
  }

  /**
   * The complete stream for a tile.
   *
   * @throws IllegalArgumentException when the tile does not start with SOI
   */
  byte[] complete(byte[] tile, int length) {
    if (length < 2 || (tile[0] & 0xff) != 0xFF || (tile[1] & 0xff) != 0xD8) {
      throw new IllegalArgumentException("JPEG tile does not start with an SOI marker");
    }
    int adobe = markRgb ? ADOBE_RGB.length : 0;
    byte[] out = new byte[2 + adobe + tablesBody.length + length - 2];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    int o = 2;
    if (markRgb) {
      System.arraycopy(ADOBE_RGB, 0, out, o, adobe);
      o += adobe;
    }
    System.arraycopy(tablesBody, 0, out, o, tablesBody.length);
    o += tablesBody.length;
    System.arraycopy(tile, 2, out, o, length - 2);
    return out;
  }
}
