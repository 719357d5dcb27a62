package io.slidestream.models.hem;

import java.util.SplittableRandom;

/**
 * Slide-wise hard mining: which region the error-map process maps next. Region i is chosen with
 * probability {@code p_i = floor / n + (1 − floor) · softmax(e_i / temperature)}, where {@code e_i}
 * is the region's recent mean error. The floor guarantees every region a share of at least
 * {@code floor / n}, so regions the model got right once are still revisited (their error may
 * have grown since); the temperature sets how sharply higher errors are preferred. A region never
 * mapped (NaN) counts as the largest error seen so far (1.0 when none has been seen), so the first
 * cycles go to unknown regions rather than to the first one mapped.
 */
public final class SlideChooser {

  private final double temperature;
  private final double floor;

  /**
   * @param temperature softness of the preference, {@code > 0}: large gives near-uniform choice
   * @param floor       share of the probability spread evenly over all regions, in {@code [0, 1]}
   */
  public SlideChooser(double temperature, double floor) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("the slide temperature must be positive and finite, got " + temperature);
    }
    if (!(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("the slide floor must be in [0, 1], got " + floor);
    }
    this.temperature = temperature;
    this.floor = floor;
  }

  public double temperature() {
    return temperature;
  }

  public double floor() {
    return floor;
  }

  /** The choice probabilities for a table of recent errors (NaN: never mapped); they sum to 1. */
  public double[] probabilities(double[] slideErrors) {
    int n = slideErrors.length;
    if (n == 0) {
      throw new IllegalArgumentException("no region to choose from");
    }
    double largestSeen = Double.NEGATIVE_INFINITY;
    for (double e : slideErrors) {
      if (Double.isInfinite(e) || (!Double.isNaN(e) && e < 0)) {
        throw new IllegalArgumentException("a slide error must be a non-negative number or NaN, got " + e);
      }
      if (!Double.isNaN(e)) {
        largestSeen = Math.max(largestSeen, e);
      }
    }
    double unseen = largestSeen == Double.NEGATIVE_INFINITY ? 1.0 : largestSeen;
    double[] logits = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      logits[i] = (Double.isNaN(slideErrors[i]) ? unseen : slideErrors[i]) / temperature;
      max = Math.max(max, logits[i]);
    }
    // Subtracting the maximum keeps exp() finite for small temperatures.
    double sum = 0;
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] = floor / n + (1 - floor) * p[i] / sum;
    }
    return p;
  }

  /** One region drawn from {@link #probabilities}; the same table and seed give the same region. */
  public int choose(double[] slideErrors, long seed) {
    double[] p = probabilities(slideErrors);
    double u = new SplittableRandom(seed).nextDouble();
    double cumulative = 0;
    for (int i = 0; i < p.length; i++) {
      cumulative += p[i];
      if (u < cumulative) {
        return i;
      }
    }
    // Rounding can leave the cumulative sum a hair under 1: the last region with any mass.
    for (int i = p.length - 1; i >= 0; i--) {
      if (p[i] > 0) {
        return i;
      }
    }
    return p.length - 1;
  }
}
