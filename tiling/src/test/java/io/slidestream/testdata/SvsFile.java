package io.slidestream.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes of the real SVS with its level-0 tile tables located by a parser of its own (not the
 * reader under test), so tests can take tiles out, or damage a copy in known places.
 */
public final class SvsFile {

  private final byte[] bytes;
  private final ByteBuffer buf;
  private long offsetsAt;
  private long countsAt;
  private long tablesAt;
  private int tablesLength;

  private SvsFile(byte[] bytes) {
    this.bytes = bytes;
    this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int ifd = buf.getInt(4);
    int n = buf.getShort(ifd) & 0xffff;
    for (int i = 0; i < n; i++) {
      int e = ifd + 2 + 12 * i;
      int tag = buf.getShort(e) & 0xffff;
      if (tag == 324 || tag == 325) {
        assertThat(buf.getShort(e + 2)).as("LONG tile tables").isEqualTo((short) 4);
      }
      switch (tag) {
        case 324 -> offsetsAt = buf.getInt(e + 8);
        case 325 -> countsAt = buf.getInt(e + 8);
        case 347 -> {
          tablesLength = buf.getInt(e + 4);
          tablesAt = buf.getInt(e + 8);
        }
        default -> { }
      }
    }
    assertThat(offsetsAt).isPositive();
    assertThat(countsAt).isPositive();
    assertThat(tablesAt).isPositive();
  }

  /** A fresh in-memory copy of {@link SharedData#cmuSmallRegion()}. */
  public static SvsFile cmuSmallRegion() {
    try {
      return new SvsFile(Files.readAllBytes(SharedData.cmuSmallRegion()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The bytes, editable. */
  public byte[] bytes() {
    return bytes;
  }

  public long tileOffset(int i) {
    return buf.getInt((int) offsetsAt + 4 * i) & 0xffffffffL;
  }

  public long tileByteCount(int i) {
    return buf.getInt((int) countsAt + 4 * i) & 0xffffffffL;
  }

  public void setTileOffset(int i, long v) {
    buf.putInt((int) offsetsAt + 4 * i, (int) v);
  }

  public void setTileByteCount(int i, long v) {
    buf.putInt((int) countsAt + 4 * i, (int) v);
  }

  /** The abbreviated JPEG stream of tile {@code i} as stored. */
  public byte[] tile(int i) {
    int off = (int) tileOffset(i);
    return Arrays.copyOfRange(bytes, off, off + (int) tileByteCount(i));
  }

  /** The JPEGTables value (SOI, tables, EOI). */
  public byte[] jpegTables() {
    return Arrays.copyOfRange(bytes, (int) tablesAt, (int) tablesAt + tablesLength);
  }

  /**
   * Tile {@code i} as a complete stream: SOI, an Adobe APP14 segment saying RGB (transform 0)
   * when asked, the tables, then the tile's own markers.
   */
  public byte[] completeTile(int i, boolean adobeRgb) {
    byte[] tables = jpegTables();
    byte[] tile = tile(i);
    byte[] adobe = adobeRgb
        ? new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}
        : new byte[0];
    ByteBuffer out = ByteBuffer.allocate(2 + adobe.length + tables.length - 4 + tile.length - 2);
    out.put((byte) 0xFF).put((byte) 0xD8).put(adobe).put(tables, 2, tables.length - 4).put(tile, 2, tile.length - 2);
    return out.array();
  }

  /** Writes the (possibly edited) bytes to a new file in {@code dir}. */
  public Path write(Path dir) {
    try {
      return Files.write(Files.createTempFile(dir, "edited-", ".svs"), bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
