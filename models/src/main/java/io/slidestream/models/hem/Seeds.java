package io.slidestream.models.hem;

import io.slidestream.models.random.SplitMix;

/**
 * Seeds derived from the run seed and a position in the run (cycle, worker, map, purpose), so that
 * each random choice of a cycle is repeatable on its own, whichever process makes it and whether
 * or not the run was resumed in between.
 */
final class Seeds {

  /** Purposes, so that two draws of one cycle never share a stream. */
  static final long SLIDE = 1;
  static final long MAP_SAMPLE = 2;
  static final long POOL_DRAW = 3;

  private Seeds() {}

  static long of(long runSeed, long purpose, long cycle, long index) {
    return SplitMix.seed(SplitMix.seed(SplitMix.seed(runSeed, purpose), cycle), index);
  }
}
