package io.slidestream.models.smiler;

import io.slidestream.annotations.LabelSetRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The relabelling step of SMILEr (Petit et al. §2.2) as a pure function: original label sets and a
 * model's predicted probabilities in, new label sets out; the trainer calls it between rounds.
 *
 * <p>For each image and each class k that may be relabelled (Petit relabels the organs, not
 * background: pass every class but the protocol's background class), the candidates are the pixels ambiguous for k, those whose
 * set contains k among others (a background-or-missing pixel {background, k, …}; with
 * {@link SmilerSchedule#includeUnannotated()} also the pixels that admit every class), and that the
 * model predicts positive for k (probability above the threshold). The top {@code round(γ·n)} of
 * the n candidates by probability become certain positives: their set becomes {k}. A pixel picked
 * for several classes goes to the one with the highest probability (the lowest class id on a
 * tie); equal probabilities within a class are taken in pixel order.
 *
 * <p>Each round starts again from the <em>original</em> sets with the current model: γ_t grows with
 * t, so round t keeps a larger share of what the model, now trained with round t-1's positives,
 * predicts. Selection is per image as in the paper, so pass whole images (or whole annotated
 * regions) to get Petit's behaviour; patches give a per-patch selection.
 */
public final class SmilerRelabeling {

  private SmilerRelabeling() {}

  /**
   * Round {@code t} (1..T) of {@code schedule}: {@link #relabel} each image with {@code γ_t}.
   *
   * @param originals     the label sets training started from, one raster per image
   * @param probabilities the current model's probabilities for the same images, in the same order
   * @param relabelled    the classes that may gain positives, as a set bitmask
   */
  public static SmilerRound round(SmilerSchedule schedule, int t, List<LabelSetRaster> originals,
      List<ClassProbabilities> probabilities, long relabelled) {
    if (originals.size() != probabilities.size()) {
      throw new IllegalArgumentException(originals.size() + " label rasters but " + probabilities.size()
          + " probability maps");
    }
    double gamma = schedule.gamma(t);
    List<LabelSetRaster> out = new ArrayList<>(originals.size());
    long[] added = new long[originals.isEmpty() ? 0 : originals.get(0).classCount()];
    for (int i = 0; i < originals.size(); i++) {
      LabelSetRaster original = originals.get(i);
      if (original.classCount() != added.length) {
        throw new IllegalArgumentException("image " + i + " has " + original.classCount() + " classes, image 0 has "
            + added.length);
      }
      out.add(relabel(original, probabilities.get(i), relabelled, gamma, schedule.threshold(),
          schedule.includeUnannotated(), added));
    }
    return new SmilerRound(t, gamma, out, added);
  }

  /**
   * One image: a new raster where the top {@code gamma} fraction of each class's predicted-positive
   * ambiguous pixels are certain positives. The original is not changed.
   *
   * @param relabelled the classes that may gain positives, as a set bitmask
   * @param added      where to add the number of pixels relabelled per class, or null
   */
  public static LabelSetRaster relabel(LabelSetRaster original, ClassProbabilities probabilities, long relabelled,
      double gamma, double threshold, boolean includeUnannotated, long[] added) {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
    }
    if (!(threshold >= 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
    }
    if (probabilities.width() != original.width() || probabilities.height() != original.height()
        || probabilities.classCount() != original.classCount()) {
      throw new IllegalArgumentException("probabilities " + probabilities + " do not match labels " + original);
    }
    long[] sets = original.data();
    long universe = original.universe();
    int pixels = sets.length;
    float[] p = probabilities.data();

    int[] winner = new int[pixels];
    Arrays.fill(winner, -1);
    float[] winnerProbability = new float[pixels];
    long[] keys = new long[0];

    for (int k = 0; k < original.classCount(); k++) {
      long bit = 1L << k;
      if ((relabelled & bit) == 0) {
        continue;
      }
      int plane = k * pixels;
      int n = 0;
      for (int i = 0; i < pixels; i++) {
        if (isCandidate(sets[i], bit, universe, includeUnannotated) && p[plane + i] > threshold) {
          n++;
        }
      }
      int take = (int) Math.round(gamma * n);
      if (take == 0) {
        continue;
      }
      if (keys.length < n) {
        keys = new long[n];
      }
      n = 0;
      for (int i = 0; i < pixels; i++) {
        float q = p[plane + i];
        if (isCandidate(sets[i], bit, universe, includeUnannotated) && q > threshold) {
          keys[n++] = sortKey(q, i);
        }
      }
      Arrays.sort(keys, 0, n);
      for (int j = n - 1; j >= n - take; j--) {
        int i = Integer.MAX_VALUE - (int) keys[j];
        float q = Float.intBitsToFloat((int) (keys[j] >>> 32));
        if (winner[i] < 0 || q > winnerProbability[i]) {
          winner[i] = k;
          winnerProbability[i] = q;
        }
      }
    }

    LabelSetRaster out = original.crop(0, 0, original.width(), original.height());
    long[] dst = out.data();
    for (int i = 0; i < pixels; i++) {
      if (winner[i] >= 0) {
        dst[i] = 1L << winner[i];
        if (added != null) {
          added[winner[i]]++;
        }
      }
    }
    return out;
  }

  private static boolean isCandidate(long set, long bit, long universe, boolean includeUnannotated) {
    return (set & bit) != 0 && (set & (set - 1)) != 0 && (includeUnannotated || set != universe);
  }

  /**
   * Orders by probability, then by lower pixel index, as one long: a probability above the
   * threshold is positive, so its float bits order like the value; the index is stored inverted.
   */
  private static long sortKey(float probability, int pixel) {
    return (long) Float.floatToIntBits(probability) << 32 | (Integer.MAX_VALUE - pixel);
  }
}
