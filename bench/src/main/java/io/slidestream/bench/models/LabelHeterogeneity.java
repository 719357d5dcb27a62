package io.slidestream.bench.models;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.data.TrainingSample;
import java.util.SplittableRandom;

/**
 * The heterogeneous labelings of the partial-label experiments, made from dense labels as
 * methods §1 says each situation is written (the dense reference is kept for evaluation):
 * <ul>
 *   <li>{@link #merge}: Kemnitz's super label: every pixel of a merged class gets the set of all
 *       merged classes;</li>
 *   <li>{@link #withoutClasses}: Petit's missing annotations: the annotator of this image did not
 *       annotate some classes, so their pixels were left as background, and every background pixel
 *       may be one of them too. Both get {background} ∪ missing
 *       ("background-or-missing"); {@link #missingAsBackground} is the same image as plain cross
 *       entropy sees it, everything unannotated simply {background}.</li>
 * </ul>
 */
public final class LabelHeterogeneity {

  private LabelHeterogeneity() {}

  /** The sample with every pixel whose set is one of {@code merged}'s classes labelled with the whole of {@code merged}. */
  public static TrainingSample merge(TrainingSample dense, long merged) {
    long[] sets = dense.labels().data().clone();
    for (int i = 0; i < sets.length; i++) {
      if ((sets[i] & merged) != 0 && (sets[i] & (sets[i] - 1)) == 0) {
        sets[i] = merged;
      }
    }
    return relabelled(dense, sets);
  }

  /**
   * The sample as annotated by someone who left out the classes in {@code missing}: their pixels
   * and the background's get {background} ∪ missing; other annotated classes stay as they are.
   */
  public static TrainingSample withoutClasses(TrainingSample dense, long missing, int background) {
    long bg = 1L << background;
    if ((missing & bg) != 0) {
      throw new IllegalArgumentException("the background class " + background + " cannot be missing");
    }
    return replace(dense, missing | bg, missing | bg);
  }

  /** The same image as {@link #withoutClasses} with the unannotated pixels taken as plain background. */
  public static TrainingSample missingAsBackground(TrainingSample dense, long missing, int background) {
    long bg = 1L << background;
    if ((missing & bg) != 0) {
      throw new IllegalArgumentException("the background class " + background + " cannot be missing");
    }
    return replace(dense, missing | bg, bg);
  }

  /** Single-class pixels of a class in {@code classes} get {@code set}. */
  private static TrainingSample replace(TrainingSample dense, long classes, long set) {
    long[] sets = dense.labels().data().clone();
    for (int i = 0; i < sets.length; i++) {
      if ((sets[i] & classes) != 0 && (sets[i] & (sets[i] - 1)) == 0) {
        sets[i] = set;
      }
    }
    return relabelled(dense, sets);
  }

  /**
   * Which classes an image's annotator leaves out: each class of {@code candidates} independently
   * with probability {@code alpha}, drawn from {@code seed} and the image index.
   */
  public static long drawMissing(long candidates, double alpha, long seed, int image) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + image);
    long missing = 0;
    for (int k = 0; k < 64; k++) {
      long bit = 1L << k;
      // One draw per candidate class, in class order, so the draws do not depend on other images.
      if ((candidates & bit) != 0 && random.nextDouble() < alpha) {
        missing |= bit;
      }
    }
    return missing;
  }

  private static TrainingSample relabelled(TrainingSample dense, long[] sets) {
    LabelSetRaster l = dense.labels();
    return dense.withLabels(LabelSetRaster.wrap(l.width(), l.height(), l.classCount(), sets));
  }
}
