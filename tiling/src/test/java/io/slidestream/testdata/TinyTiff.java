package io.slidestream.testdata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small classic little-endian TIFFs whose directories say whatever a test wants, including
 * what no real file says (sizes, counts, offsets, chains that loop). The file is the header, then
 * the data blocks in the order they were added (so their offsets are known at once), then the
 * directories, chained in order unless {@link #next} says otherwise.
 */
public final class TinyTiff {

  public static final int BYTE = 1;
  public static final int ASCII = 2;
  public static final int SHORT = 3;
  public static final int LONG = 4;
  public static final int RATIONAL = 5;
  public static final int SLONG = 9;

  private static final int HEADER = 8;

  /** An entry whose value (inline, or an offset) is {@code value}, or a directory's offset when {@code dir >= 0}. */
  private record Field(int tag, int type, long count, long value, int dir) {}

  private final List<List<Field>> directories = new ArrayList<>();
  private final Map<Integer, Integer> next = new HashMap<>();
  private final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();

  public TinyTiff() {
    directories.add(new ArrayList<>());
  }

  /** An entry of the current (last started) directory whose inline value or offset is {@code value}. */
  public TinyTiff field(int tag, int type, long count, long value) {
    current().add(new Field(tag, type, count, value, -1));
    return this;
  }

  /** An entry of the current directory holding one IFD offset: that of directory {@code dir} (SubIFDs). */
  public TinyTiff fieldPointingAt(int tag, int dir) {
    current().add(new Field(tag, LONG, 1, 0, dir));
    return this;
  }

  /** An entry whose values are {@code bytes}, stored as a data block (or inline when they fit). */
  public TinyTiff field(int tag, int type, long count, byte[] bytes) {
    return field(tag, type, count, bytes.length <= 4 ? littleEndian(bytes) : block(bytes));
  }

  /** Starts the next directory of the chain; further fields go to it. */
  public TinyTiff directory() {
    directories.add(new ArrayList<>());
    return this;
  }

  /** Makes directory {@code from} point on to {@code to} (-1: the end) instead of the one after it. */
  public TinyTiff next(int from, int to) {
    next.put(from, to);
    return this;
  }

  /** Appends a data block; returns its offset in the file. */
  public long block(byte[] bytes) {
    long at = HEADER + data.size();
    data.writeBytes(bytes);
    if (data.size() % 2 != 0) {
      data.write(0); // TIFF offsets are even
    }
    return at;
  }

  /** A block of LONG values (tile offsets, byte counts); returns its offset. */
  public long longs(long... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putInt((int) v);
    }
    return block(b.array());
  }

  /** A RATIONAL value as a block; returns its offset. */
  public long rational(long numerator, long denominator) {
    return longs(numerator, denominator);
  }

  /** Offset of directory {@code i} once written. */
  public long directoryOffset(int i) {
    long at = HEADER + data.size();
    for (int d = 0; d < i; d++) {
      at += 2 + 12L * directories.get(d).size() + 4;
    }
    return at;
  }

  /** Where bytes written after the last directory would start (e.g. with a test's own trailer). */
  public long end() {
    return directoryOffset(directories.size());
  }

  public Path write(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) end()).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) directoryOffset(0));
    b.put(data.toByteArray());
    for (int d = 0; d < directories.size(); d++) {
      List<Field> fields = new ArrayList<>(directories.get(d));
      fields.sort((x, y) -> Integer.compare(x.tag, y.tag));
      b.putShort((short) fields.size());
      for (Field f : fields) {
        b.putShort((short) f.tag).putShort((short) f.type).putInt((int) f.count);
        long value = f.dir >= 0 ? directoryOffset(f.dir) : f.value;
        if (f.type == SHORT && f.count == 1) {
          b.putShort((short) value).putShort((short) 0);
        } else {
          b.putInt((int) value);
        }
      }
      int to = next.getOrDefault(d, d + 1 < directories.size() ? d + 1 : -1);
      b.putInt(to < 0 ? 0 : (int) directoryOffset(to));
    }
    return Files.write(file, b.array());
  }

  private List<Field> current() {
    return directories.get(directories.size() - 1);
  }

  private static long littleEndian(byte[] bytes) {
    long v = 0;
    for (int i = bytes.length - 1; i >= 0; i--) {
      v = v << 8 | (bytes[i] & 0xff);
    }
    return v;
  }
}
