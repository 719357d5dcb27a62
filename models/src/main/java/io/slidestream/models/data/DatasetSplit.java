package io.slidestream.models.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A deterministic train/validation split: the items, in the order given, are shuffled with the
 * seed and the first {@code round(n · validationFraction)} go to validation (at least one when the
 * fraction is positive and there are two or more items, so neither side is empty by rounding).
 * Both lists keep the original order of their items.
 */
public record DatasetSplit<T>(List<T> train, List<T> validation) {

  public DatasetSplit {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  public static <T> DatasetSplit<T> of(List<T> items, double validationFraction, long seed) {
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
    }
    int n = items.size();
    int v = (int) Math.round(n * validationFraction);
    if (validationFraction > 0 && n >= 2) {
      v = Math.min(n - 1, Math.max(1, v));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    // java.util.Random's shuffle is specified exactly, so the split is the same on every JVM.
    Collections.shuffle(order, new Random(seed));
    boolean[] isValidation = new boolean[n];
    for (int i = 0; i < v; i++) {
      isValidation[order.get(i)] = true;
    }
    List<T> train = new ArrayList<>();
    List<T> validation = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (isValidation[i] ? validation : train).add(items.get(i));
    }
    return new DatasetSplit<>(train, validation);
  }
}
