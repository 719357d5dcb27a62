package io.slidestream.models.hem;

/** The other side of the rendezvous did not answer in time, or sent something unreadable. */
public class HemLinkException extends RuntimeException {

  public HemLinkException(String message) {
    super(message);
  }

  public HemLinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
