package io.slidestream.models.balancing;

import io.slidestream.annotations.LabelSetRaster;
import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;

/**
 * Loss balancing (methods §3, Bokhorst et al. Eq. 1 and 2): a weight per pixel so that every class
 * present contributes equally to the loss, whatever its pixel count.
 *
 * <p>Only pixels that carry a label under the loss in use are counted and weighted; the loss says
 * which ({@code PartialLabelLoss.carriesLabel}): under {@code partial-ce} every pixel whose set is
 * not all classes, under {@code naive-mask} and the PBCE/MBCE variants only single-class pixels.
 * The others get weight 0, which is Bokhorst's "mask of valid pixels".
 *
 * <p>The "class" of a pixel is its admissible set. For single-class sets that is exactly
 * Bokhorst's class. A set of several classes that carries a label (a super label {A, B}, a
 * background-or-missing region) is balanced as one class of its own: it is one thing the
 * annotator said, so it gets one class's share, neither swamping the certain classes when large nor
 * vanishing when small. Two different sets are two such classes, even when they overlap.
 *
 * <p>With L the labelled pixels, C the distinct sets among them and n the pixels of this pixel's
 * set, counted per patch ({@link #INSTANCE}) or over the mini-batch ({@link #MINIBATCH}), a
 * labelled pixel weighs {@code L / (C · n)}: each set then weighs L / C in total, and all weights
 * together sum to L, as with no balancing.
 */
public enum Balancing {
  /** Weight 1 for every labelled pixel (Bokhorst's mask of valid pixels, no balancing). */
  NONE,
  /** Eq. 1: {@code w = L_I / (C_I · n)} with counts over the pixel's patch. */
  INSTANCE,
  /** Eq. 2: {@code w = L_B / (C_B · n)} with counts over the whole mini-batch. */
  MINIBATCH;

  /** The name in configuration: {@code none}, {@code instance}, {@code minibatch}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The balancing called {@code name} (case-insensitive; {@code mini-batch} is accepted too). */
  public static Balancing named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
    for (Balancing b : values()) {
      if (b.configName().equals(n)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown balancing '" + name + "'; expected none, instance or minibatch");
  }

  /**
   * The weight of every pixel of the batch, patch after patch, each patch row-major (the order of
   * a [B,1,H,W] mask when the patches have one size).
   *
   * @param carriesLabel which sets carry a label under the loss in use
   */
  public float[] weights(List<LabelSetRaster> batch, LongPredicate carriesLabel) {
    long total = 0;
    for (LabelSetRaster r : batch) {
      total += r.data().length;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch of " + total + " pixels does not fit one weight array");
    }
    float[] out = new float[(int) total];
    SetCounts counts = new SetCounts();
    if (this == MINIBATCH) {
      for (LabelSetRaster r : batch) {
        count(r.data(), carriesLabel, counts);
      }
    }
    int offset = 0;
    for (LabelSetRaster r : batch) {
      long[] sets = r.data();
      if (this == INSTANCE) {
        counts.clear();
        count(sets, carriesLabel, counts);
      }
      if (this == NONE) {
        labelled(sets, carriesLabel, out, offset);
      } else {
        balanced(sets, counts, out, offset);
      }
      offset += sets.length;
    }
    return out;
  }

  private static void labelled(long[] sets, LongPredicate carriesLabel, float[] out, int offset) {
    long last = 0;
    float w = 0;
    for (int p = 0; p < sets.length; p++) {
      if (sets[p] != last) {
        last = sets[p];
        w = carriesLabel.test(last) ? 1f : 0f;
      }
      out[offset + p] = w;
    }
  }

  private static void count(long[] sets, LongPredicate carriesLabel, SetCounts counts) {
    long last = 0;
    boolean carries = false;
    for (long s : sets) {
      if (s != last) {
        last = s;
        carries = carriesLabel.test(s);
      }
      if (carries) {
        counts.add(s);
      }
    }
  }

  /** Unlabelled sets were never counted, so n = 0 gives them weight 0. */
  private static void balanced(long[] sets, SetCounts counts, float[] out, int offset) {
    double labelled = counts.total();
    double classes = counts.size();
    long last = 0;
    float w = 0;
    for (int p = 0; p < sets.length; p++) {
      if (sets[p] != last) {
        last = sets[p];
        long n = counts.get(last);
        w = n == 0 ? 0f : (float) (labelled / (classes * n));
      }
      out[offset + p] = w;
    }
  }
}
