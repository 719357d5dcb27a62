package io.slidestream.models.losses;

/** Multi-hot labels of the softmax losses: 1 in channel c where c is in the pixel's set. */
final class MultiHot {

  private MultiHot() {}

  static void encode(long[] sets, int classCount, float[] out, int offset) {
    int n = sets.length;
    for (int c = 0; c < classCount; c++) {
      int base = offset + c * n;
      for (int p = 0; p < n; p++) {
        out[base + p] = (float) (sets[p] >>> c & 1L);
      }
    }
  }
}
