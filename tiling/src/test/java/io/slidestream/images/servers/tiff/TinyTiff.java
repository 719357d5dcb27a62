package io.slidestream.images.servers.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small classic little-endian TIFFs with one directory whose entries say whatever a test
 * wants, including what no real file says (sizes, counts, offsets).
 */
final class TinyTiff {

  static final int SHORT = 3;
  static final int LONG = 4;

  private record Field(int tag, int type, long count, long value) {}

  private final List<Field> fields = new ArrayList<>();
  private byte[] trailer = new byte[0];

  /** An entry whose (inline) value or offset is {@code value}. */
  TinyTiff field(int tag, int type, long count, long value) {
    fields.add(new Field(tag, type, count, value));
    return this;
  }

  /** Bytes placed after the directory, at {@link #dataOffset()}. */
  TinyTiff trailer(byte[] bytes) {
    this.trailer = bytes;
    return this;
  }

  long dataOffset() {
    return 8 + 2 + 12L * fields.size() + 4;
  }

  Path write(Path file) throws IOException {
    fields.sort((a, b) -> Integer.compare(a.tag, b.tag));
    ByteBuffer b = ByteBuffer.allocate((int) dataOffset() + trailer.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    b.putShort((short) fields.size());
    for (Field f : fields) {
      b.putShort((short) f.tag).putShort((short) f.type).putInt((int) f.count);
      if (f.type == SHORT && f.count == 1) {
        b.putShort((short) f.value).putShort((short) 0);
      } else {
        b.putInt((int) f.value);
      }
    }
    b.putInt(0);
    b.put(trailer);
    return Files.write(file, b.array());
  }
}
