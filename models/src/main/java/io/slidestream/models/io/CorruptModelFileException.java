package io.slidestream.models.io;

import java.nio.file.Path;

/**
 * The file is not a readable model file: not a zip, a truncated zip, a missing entry, metadata that
 * is not valid JSON or lacks a required field, or network weights DL4J cannot read.
 */
public final class CorruptModelFileException extends ModelFileException {

  private static final long serialVersionUID = 1L;

  public CorruptModelFileException(Path file, String message, Throwable cause) {
    super(file, message, cause);
  }

  public CorruptModelFileException(Path file, String message) {
    this(file, message, null);
  }
}
