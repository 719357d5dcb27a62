package io.slidestream.models.training;

import io.slidestream.models.smiler.SmilerSchedule;

/**
 * SMILEr curriculum rounds as a training option ({@code train.smiler { rounds, gamma-max, threshold }}):
 * Petit's schedule of training on the certain labels first, then {@code rounds} relabelling rounds.
 * The iteration budget is split evenly into {@code rounds + 1} phases; at the start of phase t
 * (t = 1..rounds) the current network predicts the whole training images and
 * {@link io.slidestream.models.smiler.SmilerRelabeling#round} makes new label sets from the
 * <em>original</em> ones with {@code γ_t = (t/rounds)·gammaMax}; training continues on those.
 *
 * @param rounds    T; 0 turns SMILEr off (Petit: 2)
 * @param gammaMax  γ_max in (0, 1] (Petit: 0.66)
 * @param threshold a pixel is predicted positive for class k when its probability is above this
 */
public record SmilerConfig(int rounds, double gammaMax, double threshold) {

  /** No relabelling; γ_max and threshold at Petit's values should it be turned on. */
  public static final SmilerConfig OFF = new SmilerConfig(0, 0.66, 0.5);

  public SmilerConfig {
    if (rounds < 0) {
      throw new IllegalArgumentException("smiler.rounds must be 0 (off) or more, got " + rounds);
    }
    if (!(gammaMax > 0 && gammaMax <= 1)) {
      throw new IllegalArgumentException("smiler.gamma-max must be in (0, 1], got " + gammaMax);
    }
    if (!(threshold >= 0 && threshold < 1)) {
      throw new IllegalArgumentException("smiler.threshold must be in [0, 1), got " + threshold);
    }
  }

  /** T rounds with Petit's γ_max = 0.66 and threshold 0.5. */
  public static SmilerConfig rounds(int rounds) {
    return new SmilerConfig(rounds, OFF.gammaMax, OFF.threshold);
  }

  public boolean enabled() {
    return rounds > 0;
  }

  /** The relabelling schedule (pixels that admit every class are never relabelled, as in Petit). */
  public SmilerSchedule schedule() {
    if (!enabled()) {
      throw new IllegalStateException("SMILEr is off (rounds = 0)");
    }
    return new SmilerSchedule(rounds, gammaMax, threshold, false);
  }

  /** First iteration of phase {@code phase} (0 = certain labels only, t = after round t's relabelling). */
  public long phaseStart(int phase, long iterations) {
    return phase * iterations / (rounds + 1);
  }
}
