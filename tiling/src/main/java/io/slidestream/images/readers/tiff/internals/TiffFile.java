package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.readers.SlideException;
import io.slidestream.images.tiff.TiffTags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structure of a classic TIFF or BigTIFF file in either byte order: its chain of image
 * directories and their SubIFDs. Directories are read with positional reads; no part of the file
 * is read that a directory does not point to.
 */
public final class TiffFile {

  /** More directories than any slide has: a longer chain is a loop or damage. */
  static final int MAX_DIRECTORIES = 4096;
  /** More entries than any real directory has. */
  static final int MAX_ENTRIES = 4096;

  private final SlideFile file;
  private final ByteOrder order;
  private final boolean bigTiff;
  private final List<TiffDirectory> directories;
  private final Set<Long> seen = new HashSet<>();

  private TiffFile(SlideFile file, ByteOrder order, boolean bigTiff, long first) {
    this.file = file;
    this.order = order;
    this.bigTiff = bigTiff;
    this.directories = readChain(first);
  }

  /** Whether the first bytes are a TIFF or BigTIFF header. */
  public static boolean hasTiffSignature(byte[] head, int n) {
    if (n < 4) {
      return false;
    }
    boolean le = head[0] == 'I' && head[1] == 'I';
    boolean be = head[0] == 'M' && head[1] == 'M';
    if (!le && !be) {
      return false;
    }
    int magic = le ? (head[2] & 0xff | (head[3] & 0xff) << 8) : ((head[2] & 0xff) << 8 | head[3] & 0xff);
    return magic == 42 || magic == 43;
  }

  /**
   * Reads the header and the main directory chain.
   *
   * @throws SlideException.Unsupported when the file is not a TIFF
   * @throws SlideException.Corrupt when its structure is damaged or truncated
   */
  public static TiffFile read(SlideFile file) {
    if (file.length() < 8) {
      throw new SlideException.Unsupported(file.path(), "not a TIFF file (only " + file.length() + " bytes)");
    }
    byte[] head = file.read(0, (int) Math.min(16, file.length()));
    if (!hasTiffSignature(head, head.length)) {
      throw new SlideException.Unsupported(file.path(), "not a TIFF file (no TIFF or BigTIFF header)");
    }
    ByteOrder order = head[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer b = ByteBuffer.wrap(head).order(order);
    int magic = b.getShort(2) & 0xffff;
    if (magic == 42) {
      return new TiffFile(file, order, false, b.getInt(4) & 0xffffffffL);
    }
    if (head.length < 16 || b.getShort(4) != 8 || b.getShort(6) != 0) {
      throw new SlideException.Corrupt(file.path(), "BigTIFF header is damaged");
    }
    return new TiffFile(file, order, true, b.getLong(8));
  }

  public boolean isBigTiff() {
    return bigTiff;
  }

  public ByteOrder order() {
    return order;
  }

  /** The main chain, in file order. */
  public List<TiffDirectory> directories() {
    return directories;
  }

  /** The directories a SubIFDs tag points to (reduced resolutions in OME-TIFF), in tag order. */
  public List<TiffDirectory> subDirectories(TiffDirectory parent) {
    if (!parent.has(TiffTags.SUB_IFDS)) {
      return List.of();
    }
    long[] offsets = parent.integers(TiffTags.SUB_IFDS, 1, MAX_DIRECTORIES);
    List<TiffDirectory> out = new ArrayList<>(offsets.length);
    for (long offset : offsets) {
      out.add(readDirectory(offset));
    }
    return out;
  }

  private List<TiffDirectory> readChain(long first) {
    if (first == 0) {
      throw new SlideException.Corrupt(file.path(), "the TIFF has no image directory");
    }
    List<TiffDirectory> chain = new ArrayList<>();
    for (long offset = first; offset != 0; ) {
      if (chain.size() >= MAX_DIRECTORIES) {
        throw new SlideException.Corrupt(file.path(), "more than " + MAX_DIRECTORIES + " image directories");
      }
      TiffDirectory dir = readDirectory(offset);
      chain.add(dir);
      offset = dir.next();
    }
    return List.copyOf(chain);
  }

  private synchronized TiffDirectory readDirectory(long offset) {
    int headerSize = bigTiff ? 16 : 8;
    if (offset < headerSize || offset >= file.length()) {
      throw new SlideException.Corrupt(file.path(), "image directory at byte " + offset
          + " lies outside the file (" + file.length() + " bytes): the file is truncated or damaged");
    }
    if (!seen.add(offset)) {
      throw new SlideException.Corrupt(file.path(), "image directories form a loop at byte " + offset);
    }
    int countSize = bigTiff ? 8 : 2;
    int entrySize = bigTiff ? 20 : 12;
    int inlineSize = bigTiff ? 8 : 4;
    ByteBuffer cb = ByteBuffer.wrap(readChecked(offset, countSize, "entry count")).order(order);
    long count = bigTiff ? cb.getLong() : cb.getShort() & 0xffff;
    if (count <= 0 || count > MAX_ENTRIES) {
      throw new SlideException.Corrupt(file.path(), "image directory at byte " + offset + " claims "
          + count + " entries");
    }
    int bodySize = (int) count * entrySize + (bigTiff ? 8 : 4);
    ByteBuffer body = ByteBuffer.wrap(readChecked(offset + countSize, bodySize, count + " entries")).order(order);
    Map<Integer, TiffDirectory.Entry> entries = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      int tag = body.getShort(at) & 0xffff;
      TiffType type = TiffType.of(body.getShort(at + 2) & 0xffff);
      long n = bigTiff ? body.getLong(at + 4) : body.getInt(at + 4) & 0xffffffffL;
      if (type == null) {
        continue; // TIFF 6.0: readers skip fields of unknown types
      }
      if (n < 0 || n > Long.MAX_VALUE / 8) {
        throw new SlideException.Corrupt(file.path(), "tag " + tag + " at byte " + offset + " claims " + n + " values");
      }
      int valueAt = at + 4 + (bigTiff ? 8 : 4);
      long bytes = n * type.size;
      if (bytes <= inlineSize) {
        byte[] inline = new byte[(int) bytes];
        body.get(valueAt, inline);
        entries.put(tag, new TiffDirectory.Entry(tag, type, n, inline, -1));
      } else {
        long valueOffset = bigTiff ? body.getLong(valueAt) : body.getInt(valueAt) & 0xffffffffL;
        entries.put(tag, new TiffDirectory.Entry(tag, type, n, null, valueOffset));
      }
    }
    long next = bigTiff ? body.getLong(bodySize - 8) : body.getInt(bodySize - 4) & 0xffffffffL;
    return new TiffDirectory(file, order, offset, entries, next);
  }

  private byte[] readChecked(long position, int len, String what) {
    if (position > file.length() - len) {
      throw new SlideException.Corrupt(file.path(), "image directory at byte " + position + " needs " + len
          + " bytes for its " + what + " but the file ends at byte " + file.length() + " (truncated?)");
    }
    return file.read(position, len);
  }
}
