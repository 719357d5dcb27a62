package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.readers.SlideException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * One image file directory: its entries, with values read from the file on demand. Every count
 * and offset an entry claims is checked against the file's length before anything is allocated
 * for it, so a damaged or hostile directory costs a small exception, not the heap.
 */
public final class TiffDirectory {

  /** One directory entry: either its value bytes (when they fit in the entry) or their offset. */
  record Entry(int tag, TiffType type, long count, byte[] inline, long offset) {}

  private final SlideFile file;
  private final ByteOrder order;
  private final long position;
  private final Map<Integer, Entry> entries;
  private final long next;

  TiffDirectory(SlideFile file, ByteOrder order, long position, Map<Integer, Entry> entries, long next) {
    this.file = file;
    this.order = order;
    this.position = position;
    this.entries = Collections.unmodifiableMap(entries);
    this.next = next;
  }

  /** Byte offset of the directory in the file, for messages. */
  public long position() {
    return position;
  }

  /** Offset of the next directory in the chain, 0 at the end. */
  long next() {
    return next;
  }

  public boolean has(int tag) {
    return entries.containsKey(tag);
  }

  /**
   * The first value of an integer field, or {@code absent} when the tag is missing. Only that
   * value is read, whatever count the entry claims.
   */
  public long integer(int tag, long absent) {
    Entry e = entries.get(tag);
    if (e == null) {
      return absent;
    }
    if (!e.type().isInteger()) {
      throw corrupt("tag " + tag + " should hold integers but has type " + e.type());
    }
    if (e.count() < 1) {
      throw corrupt("tag " + tag + " has no value");
    }
    return integerAt(valueBytes(firstOf(e)), e.type());
  }

  /**
   * All values of an integer field.
   *
   * @param minCount fewer values than this are corrupt
   * @param maxCount more values than this are corrupt: the caller knows how many make sense, and
   *     nothing is allocated for a count beyond it
   */
  public long[] integers(int tag, long minCount, long maxCount) {
    Entry e = require(tag);
    if (!e.type().isInteger()) {
      throw corrupt("tag " + tag + " should hold integers but has type " + e.type());
    }
    if (e.count() < minCount || e.count() > maxCount) {
      throw corrupt("tag " + tag + " has " + e.count() + " values where "
          + (minCount == maxCount ? String.valueOf(minCount) : minCount + ".." + maxCount) + " were expected");
    }
    ByteBuffer b = valueBytes(e);
    int n = (int) e.count();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = integerAt(b, e.type());
    }
    return out;
  }

  private static long integerAt(ByteBuffer b, TiffType type) {
    return switch (type) {
      case BYTE, UNDEFINED -> b.get() & 0xffL;
      case SBYTE -> b.get();
      case SHORT -> b.getShort() & 0xffffL;
      case SSHORT -> b.getShort();
      case LONG, IFD -> b.getInt() & 0xffffffffL;
      case SLONG -> b.getInt();
      default -> b.getLong();
    };
  }

  /**
   * The first value of a numeric field as a double (RATIONAL as numerator / denominator), or null.
   * Only that value is read, whatever count the entry claims.
   */
  public Double number(int tag) {
    Entry e = entries.get(tag);
    if (e == null || e.count() < 1) {
      return null;
    }
    ByteBuffer b = valueBytes(firstOf(e));
    if (e.type().isInteger()) {
      return (double) integerAt(b, e.type());
    }
    return switch (e.type()) {
      case RATIONAL -> {
        long num = b.getInt() & 0xffffffffL;
        long den = b.getInt() & 0xffffffffL;
        yield den == 0 ? null : (double) num / den;
      }
      case SRATIONAL -> {
        int num = b.getInt();
        int den = b.getInt();
        yield den == 0 ? null : (double) num / den;
      }
      case FLOAT -> (double) b.getFloat();
      case DOUBLE -> b.getDouble();
      default -> null;
    };
  }

  /** The entry cut to its first value: the value is then inline, or at the same offset. */
  private static Entry firstOf(Entry e) {
    return new Entry(e.tag(), e.type(), 1, e.inline(), e.offset());
  }

  /** How many bytes the values of a field take, as its entry claims; 0 when the tag is missing. */
  public long byteLength(int tag) {
    Entry e = entries.get(tag);
    return e == null ? 0 : e.count() * e.type().size;
  }

  /** The raw value bytes of a field, refused when longer than {@code maxBytes}. */
  public byte[] bytes(int tag, int maxBytes) {
    Entry e = require(tag);
    long total = e.count() * e.type().size;
    if (total > maxBytes) {
      throw new SlideException.TooLarge(file.path(), "tag " + tag + " of the directory at byte " + position
          + " holds " + total + " bytes, more than the " + maxBytes + " this reader accepts");
    }
    ByteBuffer b = valueBytes(e);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** A text field without its trailing NULs, or null when missing. UTF-8, as OME-XML is. */
  public String text(int tag, int maxBytes) {
    if (!has(tag)) {
      return null;
    }
    byte[] b = bytes(tag, maxBytes);
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  private Entry require(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      throw corrupt("required tag " + tag + " is missing");
    }
    return e;
  }

  private ByteBuffer valueBytes(Entry e) {
    long total = e.count() * e.type().size;
    if (e.inline() != null) {
      return ByteBuffer.wrap(e.inline(), 0, (int) total).order(order);
    }
    if (total > Integer.MAX_VALUE - 8 || e.offset() < 0 || e.offset() > file.length() - total) {
      throw corrupt("tag " + e.tag() + " claims " + e.count() + " values (" + total + " bytes) at byte "
          + e.offset() + " but the file has only " + file.length() + " bytes");
    }
    return ByteBuffer.wrap(file.read(e.offset(), (int) total)).order(order);
  }

  SlideException.Corrupt corrupt(String what) {
    return new SlideException.Corrupt(file.path(), "TIFF directory at byte " + position + ": " + what);
  }
}
