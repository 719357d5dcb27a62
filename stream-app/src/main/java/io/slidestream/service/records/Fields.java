package io.slidestream.service.records;

/** Checks of required record fields, with the message a dead letter will carry. */
final class Fields {

  private Fields() {}

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing required field '" + name + "'");
    }
  }

  /**
   * Refuses text longer than {@code maxChars}, naming the field and the limit but not the value:
   * an oversized value is the attack, and repeating it would carry it into every answer.
   */
  static void requireAtMost(String value, String name, int maxChars) {
    if (value != null && value.length() > maxChars) {
      throw new IllegalArgumentException("field '" + name + "' has " + value.length()
          + " characters, more than the limit of " + maxChars);
    }
  }

  static <T> T require(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("missing required field '" + name + "'");
    }
    return value;
  }

  static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException("field '" + name + "' must not be negative, got " + value);
    }
  }
}
