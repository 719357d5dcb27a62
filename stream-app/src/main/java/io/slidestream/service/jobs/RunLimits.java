package io.slidestream.service.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits the pipeline enforces while a job runs, resolved at validation so that the run needs
 * no configuration ({@link JobLimits} has them all).
 *
 * @param maxOutputBytes total size the job's output files may reach, bytes (OUTPUT_LIMIT beyond)
 * @param maxWallTime    how long the run may take (TIME_LIMIT beyond)
 */
public record RunLimits(long maxOutputBytes, Duration maxWallTime) {

  /** Nothing enforced (jobs made without a validator's limits). */
  public static final RunLimits NONE = JobLimits.NONE.runLimits();

  public RunLimits {
    Objects.requireNonNull(maxWallTime, "maxWallTime");
  }
}
