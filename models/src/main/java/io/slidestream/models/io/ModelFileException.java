package io.slidestream.models.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be used: either it is damaged or it does not fit this software. */
public abstract sealed class ModelFileException extends IOException
    permits CorruptModelFileException, IncompatibleModelFileException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  protected ModelFileException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file, or null when the model came from a stream. */
  public Path file() {
    return file;
  }
}
