package io.slidestream.images.codec.jpeg;

/**
 * A JPEG stream could not be decoded: it is truncated, damaged, or uses a feature the decoder does
 * not have. Readers turn this into {@code SlideException.Corrupt} with the file and tile concerned.
 */
public class JpegException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JpegException(String message) {
    super(message);
  }

  public JpegException(String message, Throwable cause) {
    super(message, cause);
  }
}
