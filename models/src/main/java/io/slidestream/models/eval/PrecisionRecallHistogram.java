package io.slidestream.models.eval;

import io.slidestream.images.LabelRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Precision–recall of a binary task from per-pixel probabilities, in fixed memory: scores are
 * counted in {@code bins} equal bins over [0, 1] per truth (two {@code long} arrays), so any
 * number of pixels costs the same. Thresholds are the bin edges: a curve point is "score ≥ b/bins",
 * so scores closer than 1/bins share a threshold, exactly as tied scores do in an exact curve.
 * The default {@value #DEFAULT_BINS} bins resolve thresholds to 1.5·10⁻⁵, finer than float
 * softmax outputs vary in practice; the result then equals the exact sorted-score curve whenever
 * no two distinct scores share a bin.
 *
 * <p>Reference pixels hold class ids: the positive class is positive, every other class negative,
 * the ignore value (if any) skipped. Not thread-safe: one per thread, then {@link #merge}.
 */
public final class PrecisionRecallHistogram {

  /** 2¹⁶ bins: 1 MiB of counts. */
  public static final int DEFAULT_BINS = 1 << 16;

  private final int positiveClass;
  private final int ignore;
  private final int bins;
  private final long[] positives;
  private final long[] negatives;

  private PrecisionRecallHistogram(int positiveClass, int ignore, int bins) {
    if (positiveClass < 0 || positiveClass > 255) {
      throw new IllegalArgumentException("positive class must be a label 0..255, got " + positiveClass);
    }
    if (ignore == positiveClass) {
      throw new IllegalArgumentException("the ignore value cannot be the positive class " + positiveClass);
    }
    if (bins < 2 || bins > 1 << 24) {
      throw new IllegalArgumentException("bins must be 2.." + (1 << 24) + ", got " + bins);
    }
    this.positiveClass = positiveClass;
    this.ignore = ignore;
    this.bins = bins;
    this.positives = new long[bins];
    this.negatives = new long[bins];
  }

  /** A histogram for {@code positiveClass} against the rest, every reference pixel counted. */
  public static PrecisionRecallHistogram forClass(int positiveClass) {
    return new PrecisionRecallHistogram(positiveClass, -1, DEFAULT_BINS);
  }

  /** As {@link #forClass(int)}, skipping reference pixels equal to {@code ignoreValue} (-1: none), with {@code bins} bins. */
  public static PrecisionRecallHistogram forClass(int positiveClass, int ignoreValue, int bins) {
    return new PrecisionRecallHistogram(positiveClass, ignoreValue, bins);
  }

  public int positiveClass() {
    return positiveClass;
  }

  public int bins() {
    return bins;
  }

  /** Adds one scored pixel. */
  public void add(double score, boolean positive) {
    int b = bin(score, -1);
    if (positive) {
      positives[b]++;
    } else {
      negatives[b]++;
    }
  }

  /** Adds a tile: {@code scores[offset + i]} is the positive-class probability of reference pixel i. */
  public void add(float[] scores, int offset, LabelRaster reference) {
    byte[] ref = reference.data();
    if (offset < 0 || offset + ref.length > scores.length) {
      throw new IllegalArgumentException("scores hold " + scores.length + " values; a " + reference.width() + "x"
          + reference.height() + " tile at offset " + offset + " does not fit");
    }
    for (int i = 0; i < ref.length; i++) {
      int r = ref[i] & 0xff;
      if (r == ignore) {
        continue;
      }
      float s = scores[offset + i];
      if (!(s >= 0 && s <= 1)) {
        count(scores, offset, ref, i, -1);
        bin(s, i); // throws, naming the pixel
      }
      int b = Math.min(bins - 1, (int) (s * bins));
      if (r == positiveClass) {
        positives[b]++;
      } else {
        negatives[b]++;
      }
    }
  }

  /** Adds {@code delta} for pixels {@code 0..end-1}: -1 takes back a tile that turned out bad. */
  private void count(float[] scores, int offset, byte[] ref, int end, int delta) {
    for (int i = 0; i < end; i++) {
      int r = ref[i] & 0xff;
      if (r != ignore) {
        int b = Math.min(bins - 1, (int) (scores[offset + i] * bins));
        (r == positiveClass ? positives : negatives)[b] += delta;
      }
    }
  }

  public void add(float[] scores, LabelRaster reference) {
    if (scores.length != reference.data().length) {
      throw new IllegalArgumentException(scores.length + " scores for " + reference.data().length + " pixels");
    }
    add(scores, 0, reference);
  }

  private int bin(double score, int pixel) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException((pixel >= 0 ? "pixel " + pixel + ": " : "") + "score " + score
          + " is not a probability in [0, 1]");
    }
    return Math.min(bins - 1, (int) (score * bins));
  }

  public void merge(PrecisionRecallHistogram other) {
    if (other.bins != bins || other.positiveClass != positiveClass || other.ignore != ignore) {
      throw new IllegalArgumentException("cannot merge histograms of different classes, ignore values or bins");
    }
    for (int b = 0; b < bins; b++) {
      positives[b] += other.positives[b];
      negatives[b] += other.negatives[b];
    }
  }

  /** One point of the curve: pixels with score ≥ {@code threshold} are called positive. */
  public record Point(double threshold, long truePositives, long falsePositives, double precision, double recall,
      double f1) {}

  /** The curve from the highest threshold down, one point per non-empty bin. */
  public List<Point> curve() {
    long p = 0;
    for (long v : positives) {
      p += v;
    }
    List<Point> out = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    for (int b = bins - 1; b >= 0; b--) {
      if (positives[b] == 0 && negatives[b] == 0) {
        continue;
      }
      tp += positives[b];
      fp += negatives[b];
      double precision = (double) tp / (tp + fp);
      double recall = p == 0 ? Double.NaN : (double) tp / p;
      double f1 = p == 0 ? Double.NaN : 2.0 * tp / (2.0 * tp + fp + (p - tp));
      out.add(new Point((double) b / bins, tp, fp, precision, recall, f1));
    }
    return out;
  }

  /** PR-AUC (average precision) and maximum F1, named {@code name}. */
  public BinaryScores scores(String name) {
    long p = 0;
    long n = 0;
    for (int b = 0; b < bins; b++) {
      p += positives[b];
      n += negatives[b];
    }
    double ap = 0;
    double best = Double.NaN;
    double threshold = Double.NaN;
    double bestPrecision = Double.NaN;
    double bestRecall = Double.NaN;
    if (p > 0) {
      long tp = 0;
      long fp = 0;
      double previousRecall = 0;
      best = -1;
      for (int b = bins - 1; b >= 0; b--) {
        if (positives[b] == 0 && negatives[b] == 0) {
          continue;
        }
        tp += positives[b];
        fp += negatives[b];
        double precision = (double) tp / (tp + fp);
        double recall = (double) tp / p;
        ap += (recall - previousRecall) * precision;
        previousRecall = recall;
        double f1 = 2.0 * tp / (2.0 * tp + fp + (p - tp));
        if (f1 > best) {
          best = f1;
          threshold = (double) b / bins;
          bestPrecision = precision;
          bestRecall = recall;
        }
      }
    } else {
      ap = Double.NaN;
    }
    return new BinaryScores(positiveClass, name, p, n, ap, best, threshold, bestPrecision, bestRecall, 1.0 / bins);
  }

  public void clear() {
    Arrays.fill(positives, 0);
    Arrays.fill(negatives, 0);
  }
}
