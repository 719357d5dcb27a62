package io.slidestream.models.io;

import java.nio.file.Path;

/**
 * A well-formed model file this software cannot use as it stands: a format version it does not
 * know, a network whose output does not match the declared head or classes, or a network that needs
 * classes (a custom loss function, say) that are not on the classpath.
 */
public final class IncompatibleModelFileException extends ModelFileException {

  private static final long serialVersionUID = 1L;

  public IncompatibleModelFileException(Path file, String message, Throwable cause) {
    super(file, message, cause);
  }

  public IncompatibleModelFileException(Path file, String message) {
    this(file, message, null);
  }
}
