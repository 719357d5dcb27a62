package io.slidestream.models.augment;

/**
 * A drawn geometric transform, given backwards: for points of its output it says where in its
 * input they come from. Pixel {@code (i, j)} has its centre at {@code (i, j)}; coordinates are
 * continuous and may fall outside the sample.
 */
@FunctionalInterface
public interface Warp {

  /**
   * Replaces each point {@code (xs[n], ys[n])} of the output by its source point in the input.
   * Points are arbitrary (not only pixel centres): the pipeline chains several warps.
   */
  void mapBack(float[] xs, float[] ys);
}
