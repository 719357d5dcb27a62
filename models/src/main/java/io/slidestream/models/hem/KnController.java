package io.slidestream.models.hem;

/**
 * Adjusts {@code k}, the patches the trainer takes per cycle, so that neither process waits: a
 * trainer that waited for error maps trains too little per cycle, so {@code k} grows by the factor
 * {@code 1 + step}; an error-map side that waited for the snapshot means the trainer takes too long,
 * so {@code k} shrinks by the same factor. Differences within the deadband (a share of the cycle's
 * time) are noise — thread scheduling, garbage collection — and leave {@code k} alone, so it does
 * not oscillate. Every change moves {@code k} by at least one; the result is clamped to
 * {@code [min, max]}.
 */
public final class KnController {

  private final int min;
  private final int max;
  private final double step;
  private final double deadband;

  public KnController(int min, int max, double step, double deadband) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("k bounds must satisfy 1 <= min <= max, got [" + min + ", " + max + "]");
    }
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("the k step must be positive, got " + step);
    }
    if (!(deadband >= 0 && deadband < 1)) {
      throw new IllegalArgumentException("the k deadband must be in [0, 1), got " + deadband);
    }
    this.min = min;
    this.max = max;
    this.step = step;
    this.deadband = deadband;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /**
   * The next cycle's {@code k}.
   *
   * @param k                   this cycle's k
   * @param trainerIdleSeconds  how long the trainer waited for error maps at the rendezvous
   * @param errorMapIdleSeconds how long the error-map side waited for the snapshot (the longest
   *                            wait over workers)
   * @param cycleSeconds        the cycle's wall time, which the deadband is a share of
   */
  public int next(int k, double trainerIdleSeconds, double errorMapIdleSeconds, double cycleSeconds) {
    if (!(trainerIdleSeconds >= 0) || !(errorMapIdleSeconds >= 0) || !(cycleSeconds >= 0)) {
      throw new IllegalArgumentException("idle and cycle times must be non-negative, got " + trainerIdleSeconds
          + ", " + errorMapIdleSeconds + ", " + cycleSeconds);
    }
    // The 1e-9 keeps k · (1 + step) = 55.000000000000007 from rounding up to 56.
    double difference = trainerIdleSeconds - errorMapIdleSeconds;
    int next = k;
    if (Math.abs(difference) > deadband * cycleSeconds && difference != 0) {
      if (difference > 0) {
        next = (int) Math.min(Integer.MAX_VALUE, Math.max((long) k + 1, (long) Math.ceil(k * (1 + step) - 1e-9)));
      } else {
        next = Math.min(k - 1, (int) Math.floor(k / (1 + step) + 1e-9));
      }
    }
    return Math.max(min, Math.min(max, next));
  }

  @Override
  public String toString() {
    return "KnController[" + min + ".." + max + ", step " + step + ", deadband " + deadband + "]";
  }
}
