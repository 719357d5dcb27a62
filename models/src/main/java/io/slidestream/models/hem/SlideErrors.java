package io.slidestream.models.hem;

import java.util.Arrays;

/**
 * The trainer's recent error per training region, an exponential moving average of the mean
 * errors of the region's error maps: newer maps weigh more, because the model they measured is
 * closer to the current one. NaN marks a region never mapped. Not thread-safe: the trainer owns
 * it and hands out copies ({@link #table}) in snapshots.
 */
public final class SlideErrors {

  private final double[] errors;
  private final double decay;

  /**
   * @param regions how many regions the table covers
   * @param decay   weight of the newest map's error, in {@code (0, 1]} (1: only the newest counts)
   */
  public SlideErrors(int regions, double decay) {
    this(filledWithNaN(regions), decay);
  }

  private SlideErrors(double[] errors, double decay) {
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("the error decay must be in (0, 1], got " + decay);
    }
    this.errors = errors;
    this.decay = decay;
  }

  private static double[] filledWithNaN(int regions) {
    if (regions < 1) {
      throw new IllegalArgumentException("a slide-error table needs at least one region, got " + regions);
    }
    double[] t = new double[regions];
    Arrays.fill(t, Double.NaN);
    return t;
  }

  /** A table restored from {@link #table} (a checkpoint or a snapshot); the array is copied. */
  public static SlideErrors of(double[] table, double decay) {
    if (table.length < 1) {
      throw new IllegalArgumentException("a slide-error table needs at least one region");
    }
    for (double e : table) {
      if (!Double.isNaN(e) && !(e >= 0 && e <= 1)) {
        throw new IllegalArgumentException("a slide error must be in [0, 1] or NaN, got " + e);
      }
    }
    return new SlideErrors(table.clone(), decay);
  }

  public int regions() {
    return errors.length;
  }

  public double decay() {
    return decay;
  }

  /** Folds a new map's mean error into the region's average; the first map sets it outright. */
  public void record(int region, double meanError) {
    if (region < 0 || region >= errors.length) {
      throw new IndexOutOfBoundsException("region " + region + " of " + errors.length);
    }
    if (!(meanError >= 0 && meanError <= 1)) {
      throw new IllegalArgumentException("a mean per-pixel error must be in [0, 1], got " + meanError);
    }
    double old = errors[region];
    errors[region] = Double.isNaN(old) ? meanError : decay * meanError + (1 - decay) * old;
  }

  /** A copy of the table; NaN where a region was never mapped. */
  public double[] table() {
    return errors.clone();
  }

  @Override
  public String toString() {
    return "SlideErrors" + Arrays.toString(errors);
  }
}
