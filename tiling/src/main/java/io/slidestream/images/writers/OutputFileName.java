package io.slidestream.images.writers;

import java.util.regex.Pattern;

/**
 * File names derived from an identifier that came from outside (a slide id in a job): only
 * letters, digits, '.', '_' and '-', not starting with a dot, so that an id can never reach
 * another directory, hide a file or collide with a temporary file.
 */
public final class OutputFileName {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

  private OutputFileName() {}

  /**
   * {@code id + suffix}, e.g. {@code of("slide-42", ".mask.tif")}.
   *
   * @throws IllegalArgumentException when the id is not a safe file-name stem
   */
  public static String of(String id, String suffix) {
    if (id == null || !SAFE.matcher(id).matches()) {
      throw new IllegalArgumentException("id '" + id + "' cannot name an output file: use 1 to 200 of"
          + " A-Z a-z 0-9 . _ - and do not start with '.' or '-'");
    }
    return id + suffix;
  }
}
