package io.slidestream.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Checks that a writer writes through {@link io.slidestream.files.PendingFile}: before the write,
 * {@link #abandonedPart} leaves a part such as a killed writer of the same target leaves (named as
 * pending files name theirs, held by no one); {@link #onlyFiles} then finds it gone and nothing else
 * beside the target, which only {@code PendingFile.write} does.
 */
public final class PendingFileChecks {

  private PendingFileChecks() {}

  /** A part of {@code target} that a killed writer left: unlocked, with half a content. */
  public static Path abandonedPart(Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    return Files.writeString(target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part"),
        "half a file");
  }

  /** Asserts that {@code dir} holds exactly {@code files}: no part, no temporary file. */
  public static void onlyFiles(Path dir, Path... files) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).as("what the write left in " + dir).containsExactlyInAnyOrder(files);
    }
  }
}
