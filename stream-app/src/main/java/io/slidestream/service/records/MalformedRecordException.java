package io.slidestream.service.records;

/**
 * A record value that cannot be read as the record it should be: not JSON, another kind, an
 * unsupported schema version, or a required field missing or invalid. The message says which.
 */
public class MalformedRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
