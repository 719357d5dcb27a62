package io.slidestream.images.writers.tiff.internals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Lays out one BigTIFF image file directory: 8-byte entry count, 20-byte entries sorted by tag,
 * the next-IFD offset, then the values that do not fit in an entry's 8 bytes, each 8-aligned.
 */
public final class IfdEncoder {

  /** The field types this encoder writes (TIFF 6.0 and BigTIFF type codes). */
  private static final int TYPE_ASCII = 2;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;
  private static final int TYPE_RATIONAL = 5;
  private static final int TYPE_LONG8 = 16;

  private record Entry(int tag, int type, long count, byte[] value) {}

  private final TreeMap<Integer, Entry> entries = new TreeMap<>();

  public IfdEncoder shorts(int tag, int... values) {
    ByteBuffer b = le(values.length * 2);
    for (int v : values) {
      b.putShort((short) v);
    }
    return put(tag, TYPE_SHORT, values.length, b);
  }

  public IfdEncoder longs(int tag, long... values) {
    ByteBuffer b = le(values.length * 4);
    for (long v : values) {
      if (v < 0 || v > 0xffff_ffffL) {
        throw new IllegalArgumentException("tag " + tag + " value " + v + " does not fit a LONG");
      }
      b.putInt((int) v);
    }
    return put(tag, TYPE_LONG, values.length, b);
  }

  public IfdEncoder long8s(int tag, long[] values) {
    ByteBuffer b = le(values.length * 8);
    for (long v : values) {
      b.putLong(v);
    }
    return put(tag, TYPE_LONG8, values.length, b);
  }

  /** Pairs of numerator, denominator. */
  public IfdEncoder rationals(int tag, long... numDen) {
    ByteBuffer b = le(numDen.length * 4);
    for (long v : numDen) {
      b.putInt((int) v);
    }
    return put(tag, TYPE_RATIONAL, numDen.length / 2, b);
  }

  public IfdEncoder ascii(int tag, String text) {
    byte[] bytes = (text + '\0').getBytes(StandardCharsets.US_ASCII);
    return put(tag, TYPE_ASCII, bytes.length, ByteBuffer.wrap(bytes));
  }

  private IfdEncoder put(int tag, int type, long count, ByteBuffer value) {
    entries.put(tag, new Entry(tag, type, count, value.array()));
    return this;
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Bytes the IFD and its external values take. */
  public long size() {
    long size = align8(8 + 20L * entries.size() + 8);
    for (Entry e : entries.values()) {
      if (e.value.length > 8) {
        size += align8(e.value.length);
      }
    }
    return size;
  }

  /** Encodes the IFD to sit at {@code position} (8-aligned), chaining to {@code nextIfd} (0 for the last). */
  public ByteBuffer encode(long position, long nextIfd) {
    if (position % 8 != 0) {
      throw new IllegalArgumentException("IFD position must be 8-aligned");
    }
    long size = size();
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("IFD of " + size + " bytes is too large");
    }
    ByteBuffer b = le((int) size);
    b.putLong(entries.size());
    // External values start 8-aligned after the entries, so the next IFD stays 8-aligned too.
    long external = position + align8(8 + 20L * entries.size() + 8);
    int dataAt = (int) (external - position);
    for (Entry e : entries.values()) {
      b.putShort((short) e.tag).putShort((short) e.type).putLong(e.count);
      if (e.value.length <= 8) {
        byte[] inline = new byte[8];
        System.arraycopy(e.value, 0, inline, 0, e.value.length);
        b.put(inline);
      } else {
        b.putLong(position + dataAt);
        int keep = b.position();
        b.position(dataAt);
        b.put(e.value);
        b.position(keep);
        dataAt += (int) align8(e.value.length);
      }
    }
    b.putLong(nextIfd);
    b.position(0);
    return b;
  }

  public static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
