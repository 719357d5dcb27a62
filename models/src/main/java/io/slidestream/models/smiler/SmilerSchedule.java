package io.slidestream.models.smiler;

/**
 * The curriculum of SMILEr (Petit et al. §2.2, methods §2): after training on certain labels, T
 * rounds; round t relabels as positives the top {@code γ_t = (t/T)·γ_max} fraction of the pixels
 * predicted positive among the ambiguous ones, then training goes on.
 *
 * @param rounds             T, at least 1 (Petit: 2)
 * @param gammaMax           γ_max in (0, 1] (Petit: 0.66)
 * @param threshold          a pixel is predicted positive for class k when its probability for k is
 *                           above this, in [0, 1) (0.5: the sigmoid head says yes)
 * @param includeUnannotated whether pixels that admit every class (no annotation at all) are
 *                           candidates too; Petit relabels only where an annotation is missing for
 *                           some classes, so false by default
 */
public record SmilerSchedule(int rounds, double gammaMax, double threshold, boolean includeUnannotated) {

  /** T = 2, γ_max = 0.66 as in Petit's experiments; positive above 0.5; annotated pixels only. */
  public static final SmilerSchedule DEFAULT = new SmilerSchedule(2, 0.66, 0.5, false);

  public SmilerSchedule {
    if (rounds < 1) {
      throw new IllegalArgumentException("SMILEr needs at least one round, got " + rounds);
    }
    if (!(gammaMax > 0 && gammaMax <= 1)) {
      throw new IllegalArgumentException("gammaMax must be in (0, 1], got " + gammaMax);
    }
    if (!(threshold >= 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
    }
  }

  /** γ_t = (t/T)·γ_max for round {@code t} in 1..T. */
  public double gamma(int round) {
    if (round < 1 || round > rounds) {
      throw new IllegalArgumentException("round must be 1.." + rounds + ", got " + round);
    }
    return (double) round / rounds * gammaMax;
  }
}
