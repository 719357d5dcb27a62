package io.slidestream.models.eval;

import io.slidestream.images.LabelRaster;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Pixel counts of (reference class, predicted class) over any number of tiles, as {@code long}s:
 * the sufficient statistics of Dice, pooled over everything added (as if all tiles were one
 * image). Reference pixels equal to the ignore value, if one is set, are skipped whatever the
 * prediction. Not thread-safe: give each thread its own and {@link #merge} them.
 */
public final class ConfusionMatrix {

  private final int classCount;
  private final int ignore;
  private final long[] counts;
  private long ignored;

  private ConfusionMatrix(int classCount, int ignore) {
    if (classCount < 1 || classCount > 255) {
      throw new IllegalArgumentException("class count must be 1..255 (labels are bytes), got " + classCount);
    }
    if (ignore != -1 && (ignore < classCount || ignore > 255)) {
      throw new IllegalArgumentException("the ignore value must be a byte value that is no class (" + classCount
          + "..255), got " + ignore);
    }
    this.classCount = classCount;
    this.ignore = ignore;
    this.counts = new long[classCount * classCount];
  }

  /** A matrix where every reference pixel counts. */
  public static ConfusionMatrix of(int classCount) {
    return new ConfusionMatrix(classCount, -1);
  }

  /** A matrix that skips reference pixels equal to {@code ignoreValue} (e.g. 255 for "not annotated"). */
  public static ConfusionMatrix ignoring(int classCount, int ignoreValue) {
    return new ConfusionMatrix(classCount, ignoreValue);
  }

  public static ConfusionMatrix of(int classCount, OptionalInt ignoreValue) {
    return new ConfusionMatrix(classCount, ignoreValue.orElse(-1));
  }

  public int classCount() {
    return classCount;
  }

  public OptionalInt ignoreValue() {
    return ignore < 0 ? OptionalInt.empty() : OptionalInt.of(ignore);
  }

  /** Adds a predicted tile against its dense reference (same size). */
  public void add(LabelRaster prediction, LabelRaster reference) {
    if (prediction.width() != reference.width() || prediction.height() != reference.height()) {
      throw new IllegalArgumentException("prediction is " + prediction.width() + "x" + prediction.height()
          + " but the reference is " + reference.width() + "x" + reference.height());
    }
    add(prediction.data(), reference.data());
  }

  /** Adds labels pixel by pixel; the arrays have one byte a pixel and equal length. */
  public void add(byte[] prediction, byte[] reference) {
    if (prediction.length != reference.length) {
      throw new IllegalArgumentException("prediction has " + prediction.length + " pixels, reference "
          + reference.length);
    }
    int c = classCount;
    long skipped = 0;
    for (int i = 0; i < reference.length; i++) {
      int r = reference[i] & 0xff;
      if (r == ignore) {
        skipped++;
        continue;
      }
      int p = prediction[i] & 0xff;
      if (r >= c || p >= c) {
        undo(prediction, reference, i);
        throw new IllegalArgumentException("pixel " + i + ": " + (r >= c ? "reference" : "prediction") + " label "
            + (r >= c ? r : p) + " is not one of the " + c + " classes"
            + (r >= c && ignore >= 0 ? " nor the ignore value " + ignore : ""));
      }
      counts[r * c + p]++;
    }
    ignored += skipped;
  }

  /** Takes back pixels {@code 0..end-1} of a tile that turned out bad, so a failed add changes nothing. */
  private void undo(byte[] prediction, byte[] reference, int end) {
    for (int i = 0; i < end; i++) {
      int r = reference[i] & 0xff;
      if (r != ignore) {
        counts[r * classCount + (prediction[i] & 0xff)]--;
      }
    }
  }

  /** Adds {@code n} pixels of reference {@code reference} predicted as {@code predicted}. */
  public void add(int reference, int predicted, long n) {
    if (reference < 0 || reference >= classCount || predicted < 0 || predicted >= classCount || n < 0) {
      throw new IllegalArgumentException("bad cell (" + reference + ", " + predicted + ") += " + n);
    }
    counts[reference * classCount + predicted] += n;
  }

  /** Adds another matrix of the same classes and ignore value. */
  public void merge(ConfusionMatrix other) {
    if (other.classCount != classCount || other.ignore != ignore) {
      throw new IllegalArgumentException("cannot merge a matrix of " + other.classCount + " classes (ignore "
          + other.ignore + ") into one of " + classCount + " (ignore " + ignore + ")");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    ignored += other.ignored;
  }

  /** Pixels of reference class {@code reference} predicted as {@code predicted}. */
  public long count(int reference, int predicted) {
    return counts[reference * classCount + predicted];
  }

  public long referencePixels(int k) {
    long n = 0;
    for (int p = 0; p < classCount; p++) {
      n += counts[k * classCount + p];
    }
    return n;
  }

  public long predictedPixels(int k) {
    long n = 0;
    for (int r = 0; r < classCount; r++) {
      n += counts[r * classCount + k];
    }
    return n;
  }

  /** Pixels counted (not ignored). */
  public long total() {
    long n = 0;
    for (long v : counts) {
      n += v;
    }
    return n;
  }

  /** Reference pixels skipped for holding the ignore value. */
  public long ignoredPixels() {
    return ignored;
  }

  /**
   * Dice of class k, {@code 2·TP / (reference pixels + predicted pixels)}; NaN when the class is
   * neither in the reference nor predicted (0/0: nothing to score).
   */
  public double dice(int k) {
    long denominator = referencePixels(k) + predictedPixels(k);
    return denominator == 0 ? Double.NaN : 2.0 * count(k, k) / denominator;
  }

  /** Fraction of counted pixels predicted right; NaN when nothing was counted. */
  public double accuracy() {
    long right = 0;
    for (int k = 0; k < classCount; k++) {
      right += count(k, k);
    }
    long n = total();
    return n == 0 ? Double.NaN : (double) right / n;
  }

  /** Dice per class and overall (see {@link DiceScores}), classes named {@code 0..C-1} unless named. */
  public DiceScores diceScores(List<String> classNames) {
    return DiceScores.of(this, classNames);
  }

  public void clear() {
    Arrays.fill(counts, 0);
    ignored = 0;
  }

  @Override
  public String toString() {
    return "ConfusionMatrix[" + classCount + " classes, " + total() + " pixels]";
  }
}
