package io.slidestream.models.random;

/**
 * SplitMix64's finaliser (Steele, Lea and Flood 2014): spreads a seed plus a position into an
 * independent-looking 64-bit seed. Every seeded draw in the models module (patch sampling,
 * augmentation, sparse-annotation simulation, hard example mining) derives its generator's seed
 * with it, so that the i-th draw of a run can be made on its own, in any order or thread.
 */
public final class SplitMix {

  /** The golden-ratio increment: {@code mix(seed + GOLDEN · (i + 1))} is the i-th seed of a stream. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private SplitMix() {}

  /**
   * The {@code i}-th seed of the stream that {@code seed} starts: {@code mix(seed + GOLDEN · (i + 1))}.
   * Different positions give independent-looking seeds, so the i-th draw can be made on its own;
   * nested positions (a purpose, then a cycle, then an index) chain calls.
   */
  public static long seed(long seed, long i) {
    return mix(seed + GOLDEN * (i + 1));
  }

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
