package io.slidestream.files;

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
  void aPartHeldByALiveWriterStaysAndItGoesOnceItsProcessIsKilled() throws Exception {
    // Another JVM holds the part locked, as a serve process writing it does; then it is killed.
    Path part = Files.writeString(dir.resolve(".s.mask.tif.1234.part"), "half");
    Path holder = Files.writeString(dir.resolve("Holder.java"), """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class Holder {
          public static void main(String[] a) throws Exception {
            FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
            ch.lock();
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
          }
        }
        """);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, holder.toString(), part.toString()).redirectErrorStream(true).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      assertThat(line).isEqualTo("locked");
      assertThat(PendingFile.deleteIfAbandoned(part)).as("held by a live process").isFalse();
      assertThat(part).exists();
    } finally {
      p.destroyForcibly().waitFor();
    }
    assertThat(PendingFile.deleteIfAbandoned(part)).as("its writer was killed").isTrue();
    assertThat(part).doesNotExist();
  }

  @Test
  void aPartOfThisJvmIsNeverTakenAndStillPublishes() throws IOException {
    Path target = dir.resolve("out.bin");
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream()) {
        out.write("content".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(PendingFile.deleteIfAbandoned(f.tempPath())).isFalse();
      assertThat(f.publish().sha256()).isEqualTo(PendingFile.sha256(target));
    }
    assertThat(target).hasContent("content");
  }

  @Test
  void aWholeFileWriteReplacesTheOldFileAndLeavesNothingElse() throws IOException {
    Path target = dir.resolve("model.zip");
    Files.writeString(target, "old");
    PendingFile.write(target, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(target).hasContent("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aFailedWholeFileWriteLeavesTheOldFileAndNoPart() throws IOException {
    Path target = dir.resolve("checkpoint.zip");
    Files.writeString(target, "old");
    assertThatThrownBy(() -> PendingFile.write(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(target).hasContent("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aWholeFileWriteRemovesItsTargetsAbandonedPartsOnly() throws IOException {
    Path target = dir.resolve("state.json");
    // Parts a killed writer of this target left; another target's part; a file that only looks alike.
    Path crashed = Files.writeString(dir.resolve(".state.json." + java.util.UUID.randomUUID() + ".part"), "x");
    Path other = Files.writeString(dir.resolve(".state.json.bak." + java.util.UUID.randomUUID() + ".part"), "y");
    Path alike = Files.writeString(dir.resolve(".state.json.notauuid.part"), "z");
    try (PendingFile live = PendingFile.create(target)) {
      PendingFile.write(target, "{}".getBytes(StandardCharsets.UTF_8));
      assertThat(crashed).doesNotExist();
      assertThat(live.tempPath()).as("a live writer's part stays").exists();
      assertThat(other).exists();
      assertThat(alike).exists();
    }
    assertThat(target).hasContent("{}");
  }

  @Test
  void publishIfAbsentTakesAFreeNameAndRefusesATakenOne() throws IOException {
    Path target = dir.resolve("claim.json");
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream()) {
        out.write("first".getBytes(StandardCharsets.UTF_8));
      }
      f.publishIfAbsent();
      assertThat(f.isPublished()).isTrue();
    }
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream()) {
        out.write("second".getBytes(StandardCharsets.UTF_8));
      }
      assertThatThrownBy(f::publishIfAbsent).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
      assertThat(f.isPublished()).isFalse();
    }
    assertThat(target).hasContent("first");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
