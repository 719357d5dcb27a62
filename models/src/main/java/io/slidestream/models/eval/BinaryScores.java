package io.slidestream.models.eval;

/**
 * Pixel-level scores of a binary task (one class against the rest), as Burlutskiy et al. report them.
 *
 * @param prAuc area under the precision–recall curve as average precision,
 *     {@code Σ (R_t − R_{t−1})·P_t} over thresholds from high to low (a step curve: no optimistic
 *     linear interpolation between points); NaN without positives
 * @param maxF1 the largest F1 over all thresholds; NaN without positives
 * @param threshold the threshold of the maximum: pixels with score ≥ threshold count as positive
 * @param precision precision at that threshold
 * @param recall recall at that threshold
 * @param resolution width of a score bin, the finest threshold step (1/bins)
 */
public record BinaryScores(int positiveClass, String name, long positives, long negatives, double prAuc,
    double maxF1, double threshold, double precision, double recall, double resolution) {

  /** Fraction of positives: the PR-AUC of a classifier that guesses. */
  public double prevalence() {
    long n = positives + negatives;
    return n == 0 ? Double.NaN : (double) positives / n;
  }
}
