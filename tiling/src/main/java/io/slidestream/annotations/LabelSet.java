package io.slidestream.annotations;

import java.util.Arrays;

/**
 * An admissible label set: the classes a pixel may belong to, as a bitmask over class ids
 * {@code 0..63} (bit {@code k} set means class {@code k} is admissible).
 *
 * <p>One model covers every kind of partial annotation: a pixel annotated with class k has the
 * set {k}; an unannotated pixel has every class (it constrains nothing, so a partial cross entropy
 * gives it zero loss); a super label that merges classes A has A; background of a dataset that
 * annotated only labels L has every class but L. The empty set is never a valid pixel label.
 *
 * <p>Hot loops work on the raw {@code long}: the static methods here take and return bits so that
 * code over {@link LabelSetRaster#data()} needs no objects. The record is for APIs and messages.
 */
public record LabelSet(long bits) {

  /** Class ids run from 0 to {@code MAX_CLASSES - 1}. */
  public static final int MAX_CLASSES = 64;

  /** The bit of class {@code k}. */
  public static long bit(int k) {
    if (k < 0 || k >= MAX_CLASSES) {
      throw new IllegalArgumentException("class id must be in 0.." + (MAX_CLASSES - 1) + ", got " + k);
    }
    return 1L << k;
  }

  /** Every class of a {@code classCount}-class problem: the "no information" set. */
  public static long universe(int classCount) {
    if (classCount < 1 || classCount > MAX_CLASSES) {
      throw new IllegalArgumentException("class count must be in 1.." + MAX_CLASSES + ", got " + classCount);
    }
    return classCount == MAX_CLASSES ? -1L : (1L << classCount) - 1;
  }

  /** How many classes the set admits. */
  public static int size(long bits) {
    return Long.bitCount(bits);
  }

  /** True when exactly one class is admissible: a certain label. */
  public static boolean isSingleton(long bits) {
    return bits != 0 && (bits & (bits - 1)) == 0;
  }

  /** The class of a singleton set, or -1 when the set admits zero or several classes. */
  public static int singleClass(long bits) {
    return isSingleton(bits) ? Long.numberOfTrailingZeros(bits) : -1;
  }

  public static LabelSet of(int... classes) {
    long b = 0;
    for (int k : classes) {
      b |= bit(k);
    }
    return new LabelSet(b);
  }

  public static LabelSet all(int classCount) {
    return new LabelSet(universe(classCount));
  }

  public boolean contains(int k) {
    return k >= 0 && k < MAX_CLASSES && (bits >>> k & 1) != 0;
  }

  public int size() {
    return size(bits);
  }

  public boolean isEmpty() {
    return bits == 0;
  }

  public boolean isSingleton() {
    return isSingleton(bits);
  }

  /** The only class, or -1 if there are zero or several. */
  public int singleClass() {
    return singleClass(bits);
  }

  public LabelSet union(LabelSet other) {
    return new LabelSet(bits | other.bits);
  }

  public LabelSet intersection(LabelSet other) {
    return new LabelSet(bits & other.bits);
  }

  public LabelSet minus(LabelSet other) {
    return new LabelSet(bits & ~other.bits);
  }

  /** The class ids, ascending. */
  public int[] classes() {
    int[] out = new int[size()];
    long b = bits;
    for (int i = 0; b != 0; i++) {
      out[i] = Long.numberOfTrailingZeros(b);
      b &= b - 1;
    }
    return out;
  }

  @Override
  public String toString() {
    return Arrays.toString(classes()).replace('[', '{').replace(']', '}');
  }
}
