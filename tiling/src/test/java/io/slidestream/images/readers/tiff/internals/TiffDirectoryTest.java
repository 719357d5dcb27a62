package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading single values of fields whose entries claim far more values than they should hold. */
class TiffDirectoryTest {

  /** Values a hostile entry claims: 400 MB of LONGs, which a large (here sparse) file can hold. */
  static final long CLAIMED = 100_000_000;

  @TempDir
  Path dir;

  /**
   * A classic little-endian TIFF with one directory: XResolution (282) and ImageWidth (256) as
   * LONG fields claiming {@link #CLAIMED} values at byte 64, where the first is 254; the file is
   * extended (sparsely) so that all of them lie inside it.
   */
  Path hostile() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(68).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 2);
    b.putShort((short) 256).putShort((short) 4).putInt((int) CLAIMED).putInt(64);
    b.putShort((short) 282).putShort((short) 4).putInt((int) CLAIMED).putInt(64);
    b.putInt(0);
    b.position(64);
    b.putInt(254);
    Path file = Files.write(dir.resolve("hostile.tif"), b.array());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(64 + 4 * CLAIMED);
    }
    return file;
  }

  @Test
  void theFirstValueOfAFieldClaimingHundredsOfMillionsIsReadAlone() throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    try (SlideFile file = SlideFile.open(hostile())) {
      TiffDirectory d = TiffFile.read(file).directories().get(0);
      // Decoding every claimed value would take 400 MB of bytes and 800 MB of longs.
      long before = threads.getThreadAllocatedBytes(thread);
      Double resolution = d.number(282);
      assertThat(threads.getThreadAllocatedBytes(thread) - before).as("bytes allocated by number()")
          .isLessThan(64 * 1024);
      assertThat(resolution).isEqualTo(254.0);
      before = threads.getThreadAllocatedBytes(thread);
      long width = d.integer(256, -1);
      assertThat(threads.getThreadAllocatedBytes(thread) - before).as("bytes allocated by integer()")
          .isLessThan(64 * 1024);
      assertThat(width).isEqualTo(254);
    }
  }
}
