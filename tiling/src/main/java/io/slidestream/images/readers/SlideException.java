package io.slidestream.images.readers;

import java.nio.file.Path;

/**
 * A slide could not be opened or read. The subtypes say why ({@link #kind}), so that the service
 * can report the reason in a dead-letter record and a user knows what to fix; a plain
 * SlideException is a read that failed for another reason (an I/O error, an interrupt).
 */
public sealed class SlideException extends RuntimeException
    permits SlideException.NotFound, SlideException.Unsupported, SlideException.Corrupt, SlideException.TooLarge {
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

  /** What kind of failure this is, in words a report starts with. */
  public enum Kind {
    NOT_FOUND("slide not found"),
    UNSUPPORTED("unsupported slide"),
    CORRUPT("corrupt slide"),
    TOO_LARGE("slide too large"),
    UNREADABLE("the slide could not be read");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  public Kind kind() {
    return Kind.UNREADABLE;
  }

  /**
   * What is wrong, without the file's path: the words for a report that must not carry the path
   * (a slide's path often names the patient).
   */
  public String detail() {
    return String.valueOf(detail);
  }

  /** The kind and the detail, without the path: {@code corrupt slide: image directories form a loop …}. */
  public String report() {
    return kind().words() + ": " + detail();
  }

  /** The file does not exist or cannot be read. */
  public static final class NotFound extends SlideException {
    private static final long serialVersionUID = 1L;

    public NotFound(Path file, String message) {
      super(file, message);
    }

    @Override
    public Kind kind() {
      return Kind.NOT_FOUND;
    }
  }

  /** The file is not a slide any available reader understands, or uses an unsupported feature. */
  public static final class Unsupported extends SlideException {
    private static final long serialVersionUID = 1L;

    public Unsupported(Path file, String message) {
      super(file, message);
    }

    @Override
    public Kind kind() {
      return Kind.UNSUPPORTED;
    }
  }

  /** The file claims to be a slide but its structure or data are broken (truncated, bad offsets). */
  public static final class Corrupt extends SlideException {
    private static final long serialVersionUID = 1L;

    public Corrupt(Path file, String message) {
      super(file, message);
    }

    public Corrupt(Path file, String message, Throwable cause) {
      super(file, message, cause);
    }

    @Override
    public Kind kind() {
      return Kind.CORRUPT;
    }
  }

  /** The file claims dimensions or counts beyond what any real slide has; nothing was allocated. */
  public static final class TooLarge extends SlideException {
    private static final long serialVersionUID = 1L;

    public TooLarge(Path file, String message) {
      super(file, message);
    }

    @Override
    public Kind kind() {
      return Kind.TOO_LARGE;
    }
  }
}
