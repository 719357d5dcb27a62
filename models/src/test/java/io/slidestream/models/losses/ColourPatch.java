package io.slidestream.models.losses;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny image whose classes a 1-pixel model can tell apart: class k is noisy colour channel k,
 * laid out as vertical stripes of random classes. {@code truth} holds each pixel's singleton set.
 */
record ColourPatch(INDArray image, long[] truth) {

  static ColourPatch random(Random random, int size, int classes) {
    float[] pixels = new float[classes * size * size];
    long[] truth = new long[size * size];
    int[] stripe = new int[size];
    for (int x = 0; x < size; x += 3) {
      int k = random.nextInt(classes);
      for (int i = x; i < Math.min(size, x + 3); i++) {
        stripe[i] = k;
      }
    }
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int k = stripe[x];
        truth[y * size + x] = 1L << k;
        for (int c = 0; c < classes; c++) {
          pixels[(c * size + y) * size + x] = (c == k ? 1f : 0f) + 0.2f * (float) random.nextGaussian();
        }
      }
    }
    return new ColourPatch(Nd4j.create(pixels, new long[] {1, classes, size, size}, 'c').castTo(DataType.FLOAT),
        truth);
  }
}
