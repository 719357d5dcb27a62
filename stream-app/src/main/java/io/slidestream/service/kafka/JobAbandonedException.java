package io.slidestream.service.kafka;

/** Stops a running job at shutdown; the job is neither failed nor finished and will run again. */
public class JobAbandonedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobAbandonedException(String message) {
    super(message);
  }
}
