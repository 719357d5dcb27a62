package io.slidestream.annotations.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.TestImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelImageFileTest {

  private static Path randomPng(Path dir, int w, int h, int bits) throws IOException {
    Random rnd = new Random(w * 31L + h);
    int[] v = new int[w * h];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(bits == 16 ? 65536 : 256);
    }
    return TestImages.png(dir.resolve("r" + bits + ".png"), TestImages.gray(w, h, bits, v));
  }

  @Test
  void smallImagesAreDecodedOnceAndLargeOnesReadByBlock(@TempDir Path dir) throws IOException {
    Path f = randomPng(dir, 120, 80, 16);
    try (LabelImageFile decoded = LabelImageFile.open(f, 120 * 80);
        LabelImageFile disk = LabelImageFile.open(f, 120 * 80 - 1)) {
      assertThat(decoded.isDecoded()).isTrue();
      assertThat(disk.isDecoded()).isFalse();
      assertThat(decoded.bitsPerSample()).isEqualTo(16);
      LabelImageFile.Block b = disk.block(30, 20, 50, 40);
      assertThat(b.shorts()).hasSize(50 * 40);
      for (int v = 20; v < 60; v++) {
        for (int u = 30; u < 80; u++) {
          assertThat(b.value(u, v)).isEqualTo(decoded.decoded().value(u, v));
        }
      }
      assertThatThrownBy(() -> disk.block(100, 0, 30, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void aHeaderClaimingMorePixelsThanTheFileCanHoldIsRejectedBeforeAllocating(@TempDir Path dir) throws IOException {
    byte[] png = Files.readAllBytes(randomPng(dir, 16, 16, 8));
    // IHDR is the first chunk: length at 8, type at 12, width at 16, height at 20, CRC after 13 data bytes.
    ByteBuffer bb = ByteBuffer.wrap(png);
    bb.putInt(16, 200_000);
    bb.putInt(20, 150_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 4 + 13);
    bb.putInt(29, (int) crc.getValue());
    Path forged = Files.write(dir.resolve("forged.png"), png);
    assertThatThrownBy(() -> LabelImageFile.open(forged, Long.MAX_VALUE))
        .isInstanceOf(AnnotationException.TooLarge.class).hasMessageContaining("200000x150000")
        .hasMessageContaining("header is corrupt");
  }

  @Test
  void truncatedDataAreReportedAsCorrupt(@TempDir Path dir) throws IOException {
    byte[] png = Files.readAllBytes(randomPng(dir, 200, 200, 8));
    Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
    assertThatThrownBy(() -> LabelImageFile.open(cut, Long.MAX_VALUE))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("corrupt or truncated");
    try (LabelImageFile lazy = LabelImageFile.open(cut, 0)) {
      assertThat(lazy.width()).isEqualTo(200); // the header is intact; the damage shows when pixels are read
      assertThatThrownBy(() -> lazy.block(0, 150, 200, 50))
          .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("cut.png");
    }
  }

  @Test
  void aClosedFileCannotBeRead(@TempDir Path dir) throws IOException {
    LabelImageFile f = LabelImageFile.open(randomPng(dir, 20, 20, 8), 0);
    f.close();
    assertThatThrownBy(() -> f.block(0, 0, 1, 1)).isInstanceOf(IllegalStateException.class);
  }
}
