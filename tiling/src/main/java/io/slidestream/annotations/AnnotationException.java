package io.slidestream.annotations;

/**
 * Annotations or a labeling protocol could not be used. The subtypes say why, and every message
 * names the file, the feature or annotation (by index and name) and what is wrong with it, so a
 * person can find and fix it.
 */
public class AnnotationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AnnotationException(String message) {
    super(message);
  }

  public AnnotationException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The file is not well-formed JSON/XML, has the wrong structure or types for its format, or
   * (a label image) its pixel data are corrupt or truncated.
   */
  public static class Malformed extends AnnotationException {
    private static final long serialVersionUID = 1L;

    public Malformed(String message) {
      super(message);
    }

    public Malformed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A shape is not a valid polygon: unclosed or short ring, non-finite coordinate, self-intersection. */
  public static class InvalidGeometry extends AnnotationException {
    private static final long serialVersionUID = 1L;

    public InvalidGeometry(String message) {
      super(message);
    }
  }

  /** A class name or raw label value that the labeling protocol does not map to a label set. */
  public static class UnknownLabel extends AnnotationException {
    private static final long serialVersionUID = 1L;

    public UnknownLabel(String message) {
      super(message);
    }
  }

  /** The labeling protocol itself is inconsistent or incomplete. */
  public static class BadProtocol extends AnnotationException {
    private static final long serialVersionUID = 1L;

    public BadProtocol(String message) {
      super(message);
    }

    public BadProtocol(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A label image of a kind not supported (several bands, a bit depth over 16). */
  public static class Unsupported extends AnnotationException {
    private static final long serialVersionUID = 1L;

    public Unsupported(String message) {
      super(message);
    }
  }

  /** A file claims a size it cannot hold, or beyond the configured limits; nothing was allocated. */
  public static class TooLarge extends AnnotationException {
    private static final long serialVersionUID = 1L;

    public TooLarge(String message) {
      super(message);
    }
  }
}
