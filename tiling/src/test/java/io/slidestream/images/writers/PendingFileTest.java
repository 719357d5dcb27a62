package io.slidestream.images.writers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingFileTest {

  @TempDir
  Path dir;

  @Test
  void contentAppearsUnderItsNameOnlyWhenPublished() throws IOException {
    Path target = dir.resolve("sub/out.txt");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "old");
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream()) {
        out.write("hello".getBytes(StandardCharsets.US_ASCII));
      }
      assertThat(Files.readString(target)).as("the old file stays until publish").isEqualTo("old");
      assertThat(f.tempPath().getFileName().toString()).startsWith(".out.txt.").endsWith(".part");
      PublishedFile p = f.publish();
      assertThat(p.bytes()).isEqualTo(5);
      // sha256("hello")
      assertThat(p.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }
    assertThat(Files.readString(target)).isEqualTo("hello");
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void closingUnpublishedRemovesTheTemporaryFile() throws IOException {
    PendingFile f = PendingFile.create(dir.resolve("x.bin"));
    f.outputStream().write(1);
    f.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(f::publish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void namesFromOutsideIdsAreChecked() {
    assertThat(OutputFileName.of("CMU-1_small.v2", ".mask.tif")).isEqualTo("CMU-1_small.v2.mask.tif");
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "-x", "sp ace", "ü", null}) {
      assertThatThrownBy(() -> OutputFileName.of(bad, ".tif")).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
