package io.slidestream.images.readers;

import java.nio.file.Path;

/**
 * A slide could not be opened or read. The subtypes say why, so that the service can report the
 * reason in a dead-letter record and a user knows what to fix.
 */
public class SlideException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String detail;

  public SlideException(Path file, String message) {
    super(file == null ? message : file + ": " + message);
    this.file = file;
    this.detail = message;
  }

  public SlideException(Path file, String message, Throwable cause) {
    super(file == null ? message : file + ": " + message, cause);
    this.file = file;
    this.detail = message;
  }

  /** The slide file concerned, or null when not known. */
  public Path file() {
    return file;
  }

  /**
   * What is wrong, without the file's path: the words for a report that must not carry the path
   * (a slide's path often names the patient).
   */
  public String detail() {
    return String.valueOf(detail);
  }

  /** The file does not exist or cannot be read. */
  public static class NotFound extends SlideException {
    private static final long serialVersionUID = 1L;

    public NotFound(Path file, String message) {
      super(file, message);
    }
  }

  /** The file is not a slide any available reader understands, or uses an unsupported feature. */
  public static class Unsupported extends SlideException {
    private static final long serialVersionUID = 1L;

    public Unsupported(Path file, String message) {
      super(file, message);
    }
  }

  /** The file claims to be a slide but its structure or data are broken (truncated, bad offsets). */
  public static class Corrupt extends SlideException {
    private static final long serialVersionUID = 1L;

    public Corrupt(Path file, String message) {
      super(file, message);
    }

    public Corrupt(Path file, String message, Throwable cause) {
      super(file, message, cause);
    }
  }

  /** The file claims dimensions or counts beyond what any real slide has; nothing was allocated. */
  public static class TooLarge extends SlideException {
    private static final long serialVersionUID = 1L;

    public TooLarge(Path file, String message) {
      super(file, message);
    }
  }
}
