package io.slidestream.service.jobs;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.files.PendingFile;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriters;
import io.slidestream.service.records.OutputFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where jobs' outputs go: a directory, one sub-directory per job, {@code <root>/<jobId>/<slideId>.mask.tif}
 * and so on. The mask writers write every file aside and rename it into place once synced, so a file
 * under its final name is always complete, and a re-run of a job replaces its files whole (with the
 * same bytes: the pipeline is deterministic).
 *
 * <p>A job id names one set of outputs: the first run of a job {@link #claim claims} its id with
 * {@code <root>/<jobId>/job.claim}, holding the digest of what decides the outputs
 * ({@link JobClaim}); a job with the same id and other content is refused (JOB_ID_REUSED), so
 * files and records of one job id never mix two jobs.
 */
public final class OutputStore {

  /** The claim file in a job's directory. */
  public static final String CLAIM_FILE = "job.claim";

  private final Path root;
  private final Duration staleTempAge;
  private final long minFreeBytes;

  /**
   * @param root         the store's directory (created on first use)
   * @param staleTempAge where a temporary file of a slide's outputs cannot be locked, it is taken
   *                     as a crashed run's and removed when the slide runs again once untouched
   *                     this long (lockable ones go as soon as no writer holds them)
   */
  public OutputStore(Path root, Duration staleTempAge) {
    this(root, staleTempAge, 0);
  }

  /**
   * @param minFreeBytes a job does not start while the store's file system has less usable space
   *                     than this (0: no floor; running out of space still fails the job cleanly)
   */
  public OutputStore(Path root, Duration staleTempAge, long minFreeBytes) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.staleTempAge = Objects.requireNonNull(staleTempAge, "staleTempAge");
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("min-free-bytes must not be negative, got " + minFreeBytes);
    }
    this.minFreeBytes = minFreeBytes;
  }

  /** The store at {@code slidestream.outputs.store}. */
  public static OutputStore fromConfig(Config config) {
    return new OutputStore(SlidestreamConfig.path(config, "slidestream.outputs.store"),
        config.getDuration("slidestream.outputs.stale-temp-age"), config.getBytes("slidestream.outputs.min-free-bytes"));
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

  /**
   * Claims the job's id for its content, atomically: the first job under an id creates the claim
   * file; the same content again finds it equal and goes on; other content is refused. Of jobs
   * with different content racing for one id, exactly one wins. The file appears complete or not
   * at all: it is written through a {@link PendingFile} and hard-linked into place
   * ({@link PendingFile#publishIfAbsent}), which, like {@code CREATE_NEW}, fails when the name exists.
   *
   * @throws JobRejectedException JOB_ID_REUSED for other content, OUTPUT_STORE_FULL when the
   *     claim cannot be written for want of space
   */
  public void claim(JobClaim claim) {
    byte[] wanted = claim.fileContent();
    try {
      Path dir = Files.createDirectories(directoryOf(claim.jobId()));
      Path file = dir.resolve(CLAIM_FILE);
      if (!Files.exists(file)) {
        try (PendingFile part = PendingFile.create(file)) {
          try (OutputStream out = part.outputStream()) {
            out.write(wanted);
          }
          part.publishIfAbsent();
        } catch (FileAlreadyExistsException lostTheRace) {
          // Another run claimed it between the check and the link: compare with its claim below.
        }
      }
      byte[] existing;
      try {
        existing = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new IOException("the claim file vanished", e);
      }
      if (!Arrays.equals(existing, wanted)) {
        throw new JobRejectedException(RejectionReason.JOB_ID_REUSED, "this job id was already used for a job with"
            + " other content (slide, model version, resolution, tile size, overlap or outputs), whose outputs it"
            + " names: send this job under a new job id");
      }
    } catch (IOException e) {
      if (isOutOfSpace(e)) {
        throw full();
      }
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks that the store has at least {@code min-free-bytes} usable, before a job starts.
   *
   * @throws JobRejectedException OUTPUT_STORE_FULL when it has less
   */
  public void checkFreeSpace() {
    if (minFreeBytes == 0) {
      return;
    }
    long usable;
    try {
      usable = Files.getFileStore(Files.createDirectories(root)).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (usable < minFreeBytes) {
      throw new JobRejectedException(RejectionReason.OUTPUT_STORE_FULL, "the output store has " + usable
          + " bytes free, less than slidestream.outputs.min-free-bytes (" + minFreeBytes
          + "): free space in the store, then send the job again");
    }
  }

  /** The floor {@link #checkFreeSpace} holds the store to (0: none). */
  public long minFreeBytes() {
    return minFreeBytes;
  }

  /**
   * Usable bytes on the store's file system (of its nearest existing directory, if the store is
   * not made yet).
   */
  public long usableSpace() throws IOException {
    return usableSpace(root);
  }

  /** Usable bytes on the file system of {@code dir}, or of its nearest existing parent. */
  public static long usableSpace(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    Path p = abs;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return Files.getFileStore(p == null ? abs.getRoot() : p).getUsableSpace();
  }

  /** The rejection of a job whose outputs could not be written for want of space. */
  public static JobRejectedException full() {
    return new JobRejectedException(RejectionReason.OUTPUT_STORE_FULL, "the output store ran out of space while"
        + " the job wrote its outputs; nothing of the job was kept: free space in the store, then send the job again");
  }

  /**
   * Whether a failure, or one of its causes, is the file system's "no space left on device"
   * (ENOSPC): Java reports it only as the message of an {@link IOException} or its reason.
   */
  public static boolean isOutOfSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (isOutOfSpace(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Bytes of a slide's output files being written in its job's directory (the pending
   * {@code .<slideId>.*.part} files), as the run measures them against its output limit.
   */
  public long pendingBytes(String jobId, String slideId) throws IOException {
    Path dir = directoryOf(jobId);
    String prefix = "." + slideId + ".";
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".part")) {
          try {
            total += Files.size(p);
          } catch (NoSuchFileException e) {
            // Published or abandoned meanwhile.
          }
        }
      }
    }
    return total;
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
