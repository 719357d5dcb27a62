package io.slidestream.kafka.clients;

/**
 * A record could not be published. Unlike a job's own failure this says nothing about the job:
 * the graph must not commit its offset nor dead-letter it, and stops instead, so that the job is
 * processed again once Kafka is reachable.
 */
public class PublishFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
