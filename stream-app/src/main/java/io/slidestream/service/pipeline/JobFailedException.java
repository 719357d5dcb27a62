package io.slidestream.service.pipeline;

import io.slidestream.service.jobs.RejectionReason;
import java.util.Objects;

/**
 * A job that was accepted but could not finish: what a {@link SlideJobRunner} source fails with.
 * The reason is {@link RejectionReason#PROCESSING_FAILED} unless a more precise one applies (a slide
 * found corrupt only when a tile deep inside it is read is {@link RejectionReason#SLIDE_CORRUPT}).
 * Nothing of the job's outputs is published when it fails.
 */
public class JobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;
  private final String jobId;

  public JobFailedException(String jobId, RejectionReason reason, String message, Throwable cause) {
    super(message, cause);
    this.jobId = jobId;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RejectionReason reason() {
    return reason;
  }

  public String jobId() {
    return jobId;
  }
}
