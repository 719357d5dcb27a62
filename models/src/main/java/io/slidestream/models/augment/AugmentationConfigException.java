package io.slidestream.models.augment;

/**
 * A pipeline text that cannot be used: bad syntax, an unknown op or parameter, a value out of
 * bounds. The message names the column and shows the text with a caret under the problem, since
 * the text usually comes from a configuration file far from the code that reads it.
 */
public final class AugmentationConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int column;

  AugmentationConfigException(String text, int column, String problem) {
    super(format(text, column, problem));
    this.column = column;
  }

  /** The 1-based column of the problem in the pipeline text. */
  public int column() {
    return column;
  }

  private static String format(String text, int column, String problem) {
    String oneLine = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return "augmentation pipeline, column " + column + ": " + problem + "\n  " + oneLine + "\n  "
        + " ".repeat(Math.max(0, column - 1)) + "^";
  }
}
