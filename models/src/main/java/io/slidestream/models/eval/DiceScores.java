package io.slidestream.models.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Dice per class and overall, from pooled pixel counts.
 *
 * <p>Absent classes, following Bokhorst et al. (overall Dice is the mean over the classes present
 * in the dense reference): a class with no reference pixels is left out of the overall mean, so a
 * test set that lacks a class does not drag the mean down with an undefined or zero score. Its own
 * Dice is still reported: 0 if it was predicted anywhere (all those pixels are false positives,
 * which also lower the Dice of the classes they belong to), NaN if it was neither in the reference
 * nor predicted.
 *
 * @param overall mean Dice over the classes present in the reference; NaN when no pixel was counted
 * @param classesPresent how many classes the mean is over
 */
public record DiceScores(List<ClassDice> classes, double overall, int classesPresent, long pixels, long ignoredPixels,
    double accuracy) {

  public DiceScores {
    classes = List.copyOf(classes);
  }

  static DiceScores of(ConfusionMatrix m, List<String> classNames) {
    if (classNames.size() != m.classCount()) {
      throw new IllegalArgumentException(classNames.size() + " class names for " + m.classCount() + " classes");
    }
    List<ClassDice> out = new ArrayList<>();
    double sum = 0;
    int present = 0;
    for (int k = 0; k < m.classCount(); k++) {
      ClassDice d = new ClassDice(k, classNames.get(k), m.referencePixels(k), m.predictedPixels(k), m.count(k, k),
          m.dice(k));
      out.add(d);
      if (d.presentInReference()) {
        sum += d.dice();
        present++;
      }
    }
    return new DiceScores(out, present == 0 ? Double.NaN : sum / present, present, m.total(), m.ignoredPixels(),
        m.accuracy());
  }

  /** Dice of class {@code k}. */
  public double dice(int k) {
    return classes.get(k).dice();
  }
}
