package io.slidestream.service.jobs;

import java.util.Objects;

/** A job refused before any work started, with the reason code and a message saying what to fix. */
public class JobRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;

  public JobRejectedException(RejectionReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public JobRejectedException(RejectionReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RejectionReason reason() {
    return reason;
  }
}
