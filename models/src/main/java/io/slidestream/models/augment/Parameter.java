package io.slidestream.models.augment;

import java.util.Objects;

/**
 * A parameter an op declares: its name, how a single number is read, its default and its bounds.
 *
 * @param name    the key in the pipeline text
 * @param reading what a single number means
 * @param defaultRange the range used when the text does not give the parameter
 * @param min     smallest allowed value
 * @param max     largest allowed value
 * @param integer whether values are integers (drawn with equal probability each)
 * @param doc     one line for documentation and error messages
 */
public record Parameter(String name, Reading reading, Range defaultRange, double min, double max, boolean integer,
    String doc) {

  /** What a single number {@code v} means for a parameter. */
  public enum Reading {
    /** The value itself. */
    FIXED,
    /** The symmetric range {@code -v..v}, for shifts and angles whose neutral value is 0. */
    SYMMETRIC
  }

  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(defaultRange, "defaultRange");
    Objects.requireNonNull(doc, "doc");
    if (!(min <= max)) {
      throw new IllegalArgumentException("parameter '" + name + "': bounds " + min + ".." + max + " are empty");
    }
    if (defaultRange.lo() < min || defaultRange.hi() > max) {
      throw new IllegalArgumentException("parameter '" + name + "': default " + defaultRange + " is outside "
          + min + ".." + max);
    }
  }

  /** A real parameter whose single number is the value itself. */
  public static Parameter fixed(String name, double lo, double hi, double min, double max, String doc) {
    return new Parameter(name, Reading.FIXED, new Range(lo, hi), min, max, false, doc);
  }

  /** A real parameter whose single number {@code v} means {@code -v..v}. */
  public static Parameter symmetric(String name, double defaultMagnitude, double maxMagnitude, String doc) {
    return new Parameter(name, Reading.SYMMETRIC, new Range(-defaultMagnitude, defaultMagnitude), -maxMagnitude,
        maxMagnitude, false, doc);
  }

  /** An integer parameter. */
  public static Parameter integer(String name, int lo, int hi, int min, int max, String doc) {
    return new Parameter(name, Reading.FIXED, new Range(lo, hi), min, max, true, doc);
  }

  /** A probability in 0..1, always fixed. */
  public static Parameter probability(String name, double defaultValue, String doc) {
    return new Parameter(name, Reading.FIXED, new Range(defaultValue, defaultValue), 0, 1, false, doc);
  }

  /** The range a single number given in the text stands for. */
  public Range single(double v) {
    return reading == Reading.SYMMETRIC ? new Range(-Math.abs(v), Math.abs(v)) : new Range(v, v);
  }
}
