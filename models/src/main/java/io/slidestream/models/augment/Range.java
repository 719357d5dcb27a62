package io.slidestream.models.augment;

import java.util.Locale;
import java.util.SplittableRandom;

/** A closed interval {@code lo..hi} a parameter is drawn from; {@code lo == hi} is a fixed value. */
public record Range(double lo, double hi) {

  public Range {
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
      throw new IllegalArgumentException("not a range: " + lo + ".." + hi);
    }
  }

  public boolean isFixed() {
    return lo == hi;
  }

  /** A value drawn uniformly; a fixed range consumes no randomness, so fixing it changes no other draw order. */
  public double draw(SplittableRandom rng) {
    return isFixed() ? lo : lo + rng.nextDouble() * (hi - lo);
  }

  /** An integer drawn with equal probability from {@code ceil(lo)..floor(hi)}. */
  public int drawInt(SplittableRandom rng) {
    int a = (int) Math.ceil(lo);
    int b = (int) Math.floor(hi);
    return a >= b ? a : a + rng.nextInt(b - a + 1);
  }

  /** The text form the grammar reads back: {@code v} or {@code lo..hi}. */
  @Override
  public String toString() {
    return isFixed() ? number(lo) : number(lo) + ".." + number(hi);
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e") || s.contains("E")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
