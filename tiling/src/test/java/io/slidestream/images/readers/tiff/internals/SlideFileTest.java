package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.readers.SlideException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlideFileTest {

  @TempDir
  Path dir;

  Path file() throws IOException {
    byte[] b = new byte[1000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return Files.write(dir.resolve("f.bin"), b);
  }

  @Test
  void readsAtPositionsAndRefusesBytesBeyondTheEnd() throws IOException {
    try (SlideFile f = SlideFile.open(file())) {
      assertThat(f.length()).isEqualTo(1000);
      assertThat(f.read(250, 3)).containsExactly((byte) 250, (byte) 251, (byte) 252);
      assertThatThrownBy(() -> f.read(990, 20)).isInstanceOf(SlideException.Corrupt.class)
          .hasMessageContaining("truncated");
      assertThatThrownBy(() -> f.read(-1, 2)).isInstanceOf(SlideException.Corrupt.class);
    }
  }

  @Test
  void anInterruptedReadFailsButTheFileStaysUsableForEveryoneElse() throws IOException {
    try (SlideFile f = SlideFile.open(file())) {
      Thread.currentThread().interrupt();
      // A FileChannel closes itself when a thread reading it is interrupted.
      assertThatThrownBy(() -> f.read(0, 10)).isInstanceOf(SlideException.class).hasMessageContaining("interrupted");
      assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
      assertThat(f.read(10, 2)).containsExactly((byte) 10, (byte) 11);
    }
  }

  @Test
  void aMissingFileIsNotFoundAndAClosedFileRefusesReads() throws IOException {
    assertThatThrownBy(() -> SlideFile.open(dir.resolve("none"))).isInstanceOf(SlideException.NotFound.class);
    SlideFile f = SlideFile.open(file());
    f.close();
    assertThatThrownBy(() -> f.read(0, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
