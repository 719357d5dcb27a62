package io.slidestream.service.records;

/** Checks of required record fields, with the message a dead letter will carry. */
final class Fields {

  private Fields() {}

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing required field '" + name + "'");
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
