package io.slidestream.models.augment;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads pipeline text into step calls (names and raw argument values) without knowing any op:
 * the grammar of {@link io.slidestream.models.augment}. Columns are 1-based.
 */
final class AugmentationSyntax {

  /** One {@code name(args)} of the text. */
  record Call(String name, int column, List<Arg> args) {}

  /** One argument: {@code key} is null for a positional value; {@code hi == lo} for a single number. */
  record Arg(String key, int column, double lo, double hi, boolean isRange, int valueColumn) {}

  private final String text;
  private int pos;

  private AugmentationSyntax(String text) {
    this.text = text;
  }

  static List<Call> parse(String text) {
    return new AugmentationSyntax(text).pipeline();
  }

  private List<Call> pipeline() {
    List<Call> calls = new ArrayList<>();
    skipSpace();
    if (pos == text.length()) {
      return calls;
    }
    while (true) {
      calls.add(step());
      skipSpace();
      if (pos == text.length()) {
        return calls;
      }
      expect(',', "expected ',' between steps or the end of the text");
      skipSpace();
      if (pos == text.length()) {
        throw error(pos, "expected a step after ','");
      }
    }
  }

  private Call step() {
    int column = pos + 1;
    String name = word("expected an op name");
    skipSpace();
    List<Arg> args = new ArrayList<>();
    if (peek() == '(') {
      pos++;
      skipSpace();
      if (peek() == ')') {
        pos++;
        return new Call(name, column, args);
      }
      while (true) {
        args.add(arg());
        skipSpace();
        if (peek() == ')') {
          pos++;
          return new Call(name, column, args);
        }
        expect(',', "expected ',' or ')' in the arguments of '" + name + "'");
        skipSpace();
      }
    }
    return new Call(name, column, args);
  }

  private Arg arg() {
    int column = pos + 1;
    String key = null;
    if (isWordStart(peek())) {
      key = word("expected a parameter name");
      skipSpace();
      expect('=', "expected '=' after parameter name '" + key + "'");
      skipSpace();
    }
    int valueColumn = pos + 1;
    double lo = number();
    skipSpace();
    if (text.startsWith("..", pos)) {
      pos += 2;
      skipSpace();
      double hi = number();
      return new Arg(key, column, lo, hi, true, valueColumn);
    }
    return new Arg(key, column, lo, lo, false, valueColumn);
  }

  private double number() {
    int start = pos;
    if (peek() == '+' || peek() == '-') {
      pos++;
    }
    int digits = digits();
    if (peek() == '.' && !text.startsWith("..", pos)) {
      pos++;
      int frac = digits();
      if (frac == 0) {
        throw error(pos, "expected digits after the decimal point");
      }
      digits += frac;
    }
    if (digits == 0) {
      throw error(start, "expected a number");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (digits() == 0) {
        throw error(pos, "expected digits in the exponent");
      }
    }
    double v = Double.parseDouble(text.substring(start, pos));
    if (!Double.isFinite(v)) {
      throw error(start, "number out of range: " + text.substring(start, pos));
    }
    return v;
  }

  private int digits() {
    int n = 0;
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
      pos++;
      n++;
    }
    return n;
  }

  private String word(String what) {
    int start = pos;
    if (!isWordStart(peek())) {
      throw error(pos, what + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : ", found the end"));
    }
    pos++;
    while (pos < text.length() && isWordPart(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private static boolean isWordStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  private void expect(char c, String what) {
    if (peek() != c) {
      throw error(pos, what + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : ", found the end"));
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private AugmentationConfigException error(int at, String problem) {
    return new AugmentationConfigException(text, at + 1, problem);
  }
}
