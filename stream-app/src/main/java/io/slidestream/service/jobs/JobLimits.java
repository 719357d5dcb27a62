package io.slidestream.service.jobs;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * What one job may take of the service: {@code slidestream.jobs.limits} in the configuration. The
 * first three are checked at validation, the last two while the job runs; each has its own
 * {@link RejectionReason}.
 *
 * @param maxPatchSize   largest side of the patch the network reads, in slide pixels (tile + 2 ×
 *                       overlap, times a compound model's input scale); beyond it MEMORY_LIMIT
 * @param maxJobMemory   largest estimated memory of a job ({@link JobMemory}), bytes; beyond it MEMORY_LIMIT
 * @param maxTiles       largest tile grid (columns × rows); beyond it TILE_LIMIT
 * @param maxOutputBytes largest total size of a job's output files, bytes; beyond it OUTPUT_LIMIT
 * @param maxWallTime    longest a job may run, from opening its slide to its last file; beyond it TIME_LIMIT
 */
public record JobLimits(int maxPatchSize, long maxJobMemory, long maxTiles, long maxOutputBytes,
    Duration maxWallTime) {

  /** No limit at all: for benchmarks that measure what an unbounded job costs. */
  public static final JobLimits NONE = new JobLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
      Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE));

  public JobLimits {
    positive(maxPatchSize, "max-patch-size");
    positive(maxJobMemory, "max-job-memory");
    positive(maxTiles, "max-tiles");
    positive(maxOutputBytes, "max-output-bytes");
    Objects.requireNonNull(maxWallTime, "maxWallTime");
    if (maxWallTime.isNegative() || maxWallTime.isZero()) {
      throw new IllegalArgumentException("max-wall-time must be positive, got " + maxWallTime);
    }
  }

  public static JobLimits fromConfig(Config config) {
    Config c = config.getConfig("slidestream.jobs.limits");
    return new JobLimits(c.getInt("max-patch-size"), c.getBytes("max-job-memory"), c.getLong("max-tiles"),
        c.getBytes("max-output-bytes"), c.getDuration("max-wall-time"));
  }

  /** The limits a running job is held to. */
  public RunLimits runLimits() {
    return new RunLimits(maxOutputBytes, maxWallTime);
  }

  private static void positive(long v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }
}
