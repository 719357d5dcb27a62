package io.slidestream.hem.kafka;

import io.slidestream.models.data.AnnotatedArea;
import io.slidestream.models.hem.ErrorMap;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small error maps for link tests: a 64×48 region in cells of 8, every pixel annotated. */
public final class HemTestMaps {

  private HemTestMaps() {}

  public static ErrorMap map(int region, String regionId, long seed) {
    int w = 64;
    int h = 48;
    int cell = 8;
    int cells = (w / cell) * (h / cell);
    int[] counts = new int[cells];
    Arrays.fill(counts, cell * cell);
    float[] errors = new float[cells];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < cells; i++) {
      errors[i] = (float) (random.nextDouble() * cell * cell);
    }
    return ErrorMap.of(region, regionId, new AnnotatedArea(w, h, cell, counts, true, (x, y) -> true), errors, 0.2);
  }
}
