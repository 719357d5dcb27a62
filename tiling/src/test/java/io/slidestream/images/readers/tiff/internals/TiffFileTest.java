package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.readers.SlideException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory chains: their structure, and the damage a file can claim in them. */
class TiffFileTest {

  @TempDir
  Path dir;

  /** A classic TIFF with one directory of one entry (ImageWidth = 7) whose next pointer is given. */
  Path classic(ByteOrder order, long next) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
    b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M').put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    b.putShort((short) 42).putInt(8).putShort((short) 1);
    b.putShort((short) 256).putShort((short) 4).putInt(1).putInt(7);
    b.putInt((int) next);
    return Files.write(dir.resolve("t" + System.nanoTime() + ".tif"), b.array());
  }

  static TiffFile read(Path p) {
    SlideFile f = SlideFile.open(p);
    try {
      return TiffFile.read(f);
    } finally {
      f.close();
    }
  }

  @Test
  void readsBothByteOrders() throws IOException {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      Path p = classic(order, 0);
      try (SlideFile f = SlideFile.open(p)) {
        TiffFile t = TiffFile.read(f);
        assertThat(t.order()).isEqualTo(order);
        assertThat(t.isBigTiff()).isFalse();
        assertThat(t.directories()).hasSize(1);
        assertThat(t.directories().get(0).integer(256, -1)).isEqualTo(7);
      }
    }
  }

  @Test
  void aDirectoryChainThatLoopsIsCorrupt() throws IOException {
    assertThatThrownBy(() -> read(classic(ByteOrder.LITTLE_ENDIAN, 8)))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("loop");
  }

  @Test
  void aDirectoryOutsideTheFileIsCorrupt() throws IOException {
    assertThatThrownBy(() -> read(classic(ByteOrder.BIG_ENDIAN, 1_000_000)))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("outside the file");
  }

  @Test
  void damagedHeadersAndForeignFiles() throws IOException {
    Path big = Files.write(dir.resolve("big.tif"), new byte[] {'I', 'I', 43, 0, 4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> read(big)).isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("BigTIFF");
    Path png = Files.write(dir.resolve("x.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    assertThatThrownBy(() -> read(png)).isInstanceOf(SlideException.Unsupported.class).hasMessageContaining("not a TIFF");
    Path empty = Files.write(dir.resolve("empty.tif"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> read(empty)).isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("0 entries");
  }

  @Test
  void aFieldClaimingMoreThanTheFileIsCorruptBeforeItIsRead() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
    b.putShort((short) 324).putShort((short) 16).putInt(Integer.MAX_VALUE).putInt(8); // LONG8 x 2^31
    b.putInt(0);
    Path p = Files.write(dir.resolve("claims.tif"), b.array());
    try (SlideFile f = SlideFile.open(p)) {
      TiffDirectory d = TiffFile.read(f).directories().get(0);
      assertThatThrownBy(() -> d.integers(324, 1, Long.MAX_VALUE))
          .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("but the file has only 26 bytes");
    }
  }
}
