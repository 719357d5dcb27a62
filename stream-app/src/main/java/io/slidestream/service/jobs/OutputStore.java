package io.slidestream.service.jobs;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.images.writers.PendingFile;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriters;
import io.slidestream.service.records.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where jobs' outputs go: a directory, one sub-directory per job, {@code <root>/<jobId>/<slideId>.mask.tif}
 * and so on. The mask writers write every file aside and rename it into place once synced, so a file
 * under its final name is always complete, and a re-run of a job replaces its files whole (with the
 * same bytes: the pipeline is deterministic).
 */
public final class OutputStore {

  private final Path root;
  private final Duration staleTempAge;

  /**
   * @param root         the store's directory (created on first use)
   * @param staleTempAge where a temporary file of a slide's outputs cannot be locked, it is taken
   *                     as a crashed run's and removed when the slide runs again once untouched
   *                     this long (lockable ones go as soon as no writer holds them)
   */
  public OutputStore(Path root, Duration staleTempAge) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.staleTempAge = Objects.requireNonNull(staleTempAge, "staleTempAge");
  }

  /** The store at {@code slidestream.outputs.store}. */
  public static OutputStore fromConfig(Config config) {
    return new OutputStore(SlidestreamConfig.path(config, "slidestream.outputs.store"),
        config.getDuration("slidestream.outputs.stale-temp-age"));
  }

  public Path root() {
    return root;
  }

  /**
   * The directory of a job's outputs.
   *
   * @throws IllegalArgumentException when the job id cannot name a directory (the validator refuses
   *     such jobs first)
   */
  public Path directoryOf(String jobId) {
    return root.resolve(OutputFileName.of(jobId, ""));
  }

  /** Whether a job id can name an output directory. */
  public static boolean isValidJobId(String jobId) {
    try {
      OutputFileName.of(jobId, "");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Opens the writers of a slide's outputs in its job's directory, after removing temporary files a
   * crashed earlier run of the same slide left there.
   */
  public List<MaskWriter> openWriters(String jobId, List<String> kinds, MaskSpec spec) throws IOException {
    Path dir = Files.createDirectories(directoryOf(jobId));
    removeStaleTemporaries(dir, spec.slideId());
    return MaskWriters.open(kinds, spec, dir);
  }

  /** An output as the mask record names it. */
  public OutputFile describe(MaskOutput output) {
    return new OutputFile(output.kind(), output.file().toUri().toString(), output.sha256(), output.bytes());
  }

  /**
   * Deletes {@code .<slideId>.*.part} files (the pending files' naming) that no writer holds: a
   * crashed run's, however recent ({@link PendingFile#deleteIfAbandoned}). Where a part cannot be
   * locked (a file system without locks), it goes only once older than the stale age.
   */
  private void removeStaleTemporaries(Path dir, String slideId) throws IOException {
    Instant cutoff = Instant.now().minus(staleTempAge);
    String prefix = "." + slideId + ".";
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".part") && Files.isRegularFile(p)) {
          try {
            PendingFile.deleteIfAbandoned(p);
          } catch (IOException e) {
            if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    }
  }
}
