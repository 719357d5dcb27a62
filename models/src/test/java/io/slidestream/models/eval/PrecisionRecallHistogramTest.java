package io.slidestream.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.images.LabelRaster;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrecisionRecallHistogramTest {

  @Test
  void knownCaseByHand() {
    // Scores high to low with truth P N P P N N P N (4 positives):
    // thresholds 0.9 .. 0.2 give F1 0.4, 1/3, 4/7, 0.75, 2/3, 0.6, 8/11, 2/3: the maximum 0.75 at 0.6.
    // AP = ¼·(1/1 + 2/3 + 3/4 + 4/7) = 251/336.
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
    boolean[] truth = {true, false, true, true, false, false, true, false};
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1);
    for (int i = 0; i < scores.length; i++) {
      h.add(scores[i], truth[i]);
    }
    BinaryScores s = h.scores("gland");
    assertThat(s.prAuc()).isCloseTo(251.0 / 336, within(1e-12));
    assertThat(s.maxF1()).isCloseTo(0.75, within(1e-12));
    assertThat(s.threshold()).isCloseTo(0.6, within(1.0 / PrecisionRecallHistogram.DEFAULT_BINS));
    assertThat(s.precision()).isEqualTo(0.75);
    assertThat(s.recall()).isEqualTo(0.75);
    assertThat(s.positives()).isEqualTo(4);
    assertThat(s.negatives()).isEqualTo(4);
    assertThat(h.curve()).extracting(PrecisionRecallHistogram.Point::f1)
        .containsExactly(0.4, 1.0 / 3, 4.0 / 7, 0.75, 2.0 / 3, 0.6, 8.0 / 11, 2.0 / 3);
  }

  @Test
  void perfectClassifier() {
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1);
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      boolean positive = r.nextInt(10) < 3;
      h.add(positive ? 0.5 + 0.5 * r.nextDouble() : 0.49 * r.nextDouble(), positive);
    }
    BinaryScores s = h.scores("x");
    assertThat(s.prAuc()).isEqualTo(1.0);
    assertThat(s.maxF1()).isEqualTo(1.0);
    // F1 first reaches 1 at the lowest positive score, just above 0.5.
    assertThat(s.threshold()).isBetween(0.5 - 1e-4, 0.51);
  }

  @Test
  void randomClassifierScoresThePrevalence() {
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1);
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 200_000; i++) {
      h.add(r.nextDouble(), r.nextInt(10) < 3);
    }
    BinaryScores s = h.scores("x");
    assertThat(s.prevalence()).isCloseTo(0.3, within(0.005));
    assertThat(s.prAuc()).isCloseTo(s.prevalence(), within(0.01));
    // Calling everything positive is the best a guess can do: F1 = 2π/(1+π).
    assertThat(s.maxF1()).isCloseTo(2 * 0.3 / 1.3, within(0.01));
  }

  @Test
  void aConstantScoreGivesExactlyThePrevalence() {
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1);
    for (int i = 0; i < 1000; i++) {
      h.add(0.5, i % 4 == 0);
    }
    BinaryScores s = h.scores("x");
    assertThat(s.prAuc()).isEqualTo(0.25);
    assertThat(s.maxF1()).isEqualTo(0.4);
  }

  @Test
  void equalsTheExactSortedCurveWhenTiesShareBins() {
    // Scores on a 1/1024 grid with 1024 bins: every distinct score has its own bin, ties share one.
    int n = 20_000;
    double[] scores = new double[n];
    boolean[] truth = new boolean[n];
    SplittableRandom r = new SplittableRandom(3);
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1, -1, 1024);
    for (int i = 0; i < n; i++) {
      truth[i] = r.nextDouble() < 0.2;
      // Informative but imperfect: positives score higher on average.
      double raw = Math.min(1023, Math.max(0, (truth[i] ? 600 : 400) + 200 * r.nextGaussian()));
      scores[i] = ((int) raw + 0.5) / 1024;
      h.add(scores[i], truth[i]);
    }
    double[] exact = exactApAndMaxF1(scores, truth);
    BinaryScores s = h.scores("x");
    assertThat(s.prAuc()).isCloseTo(exact[0], within(1e-12));
    assertThat(s.maxF1()).isCloseTo(exact[1], within(1e-12));
    assertThat(s.prAuc()).isBetween(0.35, 0.8);
  }

  /** Sort by score descending, one curve point per distinct score (sklearn's average_precision_score). */
  private static double[] exactApAndMaxF1(double[] scores, boolean[] truth) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    long p = 0;
    for (boolean t : truth) {
      p += t ? 1 : 0;
    }
    double ap = 0;
    double best = 0;
    double previousRecall = 0;
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < order.length; i++) {
      if (truth[order[i]]) {
        tp++;
      } else {
        fp++;
      }
      if (i + 1 < order.length && scores[order[i + 1]] == scores[order[i]]) {
        continue;
      }
      double recall = (double) tp / p;
      double precision = (double) tp / (tp + fp);
      ap += (recall - previousRecall) * precision;
      previousRecall = recall;
      best = Math.max(best, 2.0 * tp / (2.0 * tp + fp + (p - tp)));
    }
    return new double[] {ap, best};
  }

  @Test
  void tilesCountThePositiveClassAgainstTheRestAndSkipTheIgnoreValue() {
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(2, 255, 100);
    LabelRaster ref = LabelRaster.wrap(5, 1, new byte[] {2, 0, 1, (byte) 255, 2});
    h.add(new float[] {0.9f, 0.8f, 0.1f, 1f, 0.7f}, ref);
    BinaryScores s = h.scores("c");
    assertThat(s.positives()).isEqualTo(2);
    assertThat(s.negatives()).isEqualTo(2);
    // 0.9 P, 0.8 N, 0.7 P, 0.1 N: AP = ½·1 + ½·2/3
    assertThat(s.prAuc()).isCloseTo(0.5 + 1.0 / 3, within(1e-12));
  }

  @Test
  void mergeEqualsAddingEverythingToOne() {
    PrecisionRecallHistogram a = PrecisionRecallHistogram.forClass(1);
    PrecisionRecallHistogram b = PrecisionRecallHistogram.forClass(1);
    PrecisionRecallHistogram all = PrecisionRecallHistogram.forClass(1);
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 1000; i++) {
      double s = r.nextDouble();
      boolean t = r.nextBoolean();
      (i % 2 == 0 ? a : b).add(s, t);
      all.add(s, t);
    }
    a.merge(b);
    assertThat(a.scores("x")).isEqualTo(all.scores("x"));
  }

  @Test
  void noPositivesAndBadScores() {
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1);
    h.add(0.3, false);
    assertThat(h.scores("x").prAuc()).isNaN();
    assertThat(h.scores("x").maxF1()).isNaN();
    assertThatThrownBy(() -> h.add(1.5, true)).hasMessageContaining("score 1.5 is not a probability");
    assertThatThrownBy(() -> h.add(new float[] {0.5f, Float.NaN}, LabelRaster.create(2, 1)))
        .hasMessageContaining("pixel 1: score NaN");
    // The failed tile counted nothing.
    assertThat(h.scores("x").negatives()).isEqualTo(1);
    assertThat(List.of(h.bins())).containsExactly(1 << 16);
  }
}
