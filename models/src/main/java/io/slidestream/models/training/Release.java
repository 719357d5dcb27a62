package io.slidestream.models.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees ND4J arrays' native buffers at once. ND4J otherwise frees them only after the garbage
 * collector has found their Java wrappers unreachable, which a small Java heap may not do for a
 * long while: native memory then swings with the heap's collection cycle.
 */
public final class Release {

  private Release() {}

  /** Closes each array that owns its buffer (views and workspace arrays are left alone). */
  public static void now(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }
}
