package io.slidestream.kafka.topics;

/** The application's topics could not be listed or created. */
public class TopicProvisioningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TopicProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
