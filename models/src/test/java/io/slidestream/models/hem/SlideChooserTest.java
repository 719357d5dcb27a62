package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SlideChooserTest {

  private static int[] frequencies(SlideChooser chooser, double[] errors, int draws) {
    int[] n = new int[errors.length];
    for (int s = 0; s < draws; s++) {
      n[chooser.choose(errors, 1_000_003L * s + 17)]++;
    }
    return n;
  }

  @Test
  void highErrorSlidesAreChosenMoreOftenYetEverySlideIsVisited() {
    SlideChooser chooser = new SlideChooser(0.1, 0.2);
    double[] errors = {0.05, 0.1, 0.6, 0.05, 0.3};
    int draws = 5000;
    int[] n = frequencies(chooser, errors, draws);
    assertThat(n[2]).isGreaterThan(n[4]);
    assertThat(n[4]).isGreaterThan(n[1]);
    double[] q = chooser.probabilities(errors);
    assertThat(q[1]).isGreaterThan(q[0]);
    assertThat(q[0]).isEqualTo(q[3]);
    assertThat(n[2]).isGreaterThan(draws / 2);
    // floor > 0: every slide has probability >= floor / n and all appear.
    double[] p = chooser.probabilities(errors);
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i]).isGreaterThanOrEqualTo(0.2 / errors.length - 1e-12);
      assertThat(n[i]).as("slide %d drawn", i).isPositive();
      // Frequencies follow the probabilities (5 sigma of a binomial).
      double sd = Math.sqrt(draws * p[i] * (1 - p[i]));
      assertThat((double) n[i]).isCloseTo(draws * p[i], within(5 * sd));
    }
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void theFloorHoldsEvenForAVeryLowTemperature() {
    SlideChooser chooser = new SlideChooser(1e-4, 0.1);
    double[] errors = new double[10];
    Arrays.fill(errors, 0.01);
    errors[7] = 0.9;
    double[] p = chooser.probabilities(errors);
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i]).isFinite().isGreaterThanOrEqualTo(0.01 - 1e-12);
    }
    assertThat(p[7]).isCloseTo(0.01 + 0.9, within(1e-9));
    int[] n = frequencies(chooser, errors, 3000);
    assertThat(Arrays.stream(n).filter(c -> c == 0).count()).isZero();
  }

  @Test
  void aLargeTemperatureGivesNearUniformChoice() {
    SlideChooser chooser = new SlideChooser(1e4, 0.0);
    double[] p = chooser.probabilities(new double[] {0.0, 0.2, 0.9, 0.5});
    for (double q : p) {
      assertThat(q).isCloseTo(0.25, within(1e-4));
    }
    // A small temperature with the same errors is far from uniform: the test can tell the difference.
    assertThat(new SlideChooser(0.05, 0.0).probabilities(new double[] {0.0, 0.2, 0.9, 0.5})[2]).isGreaterThan(0.9);
  }

  @Test
  void neverSeenSlidesAreFavouredAsTheLargestSeenError() {
    SlideChooser chooser = new SlideChooser(0.1, 0.2);
    double[] errors = {0.1, Double.NaN, 0.4, Double.NaN};
    double[] p = chooser.probabilities(errors);
    assertThat(p[1]).isCloseTo(p[2], within(1e-12)).isGreaterThan(p[0]);
    assertThat(p[3]).isCloseTo(p[2], within(1e-12));
    // Nothing seen yet: uniform.
    double[] q = chooser.probabilities(new double[] {Double.NaN, Double.NaN, Double.NaN});
    assertThat(q).containsOnly(1.0 / 3);
    int[] n = frequencies(chooser, errors, 4000);
    assertThat(n[1] + n[3]).isGreaterThan(n[0] * 4);
  }

  @Test
  void aChoiceIsDeterministicForASeed() {
    SlideChooser chooser = new SlideChooser(0.2, 0.3);
    double[] errors = {0.3, 0.1, 0.2, 0.25, 0.05};
    for (long seed = 0; seed < 50; seed++) {
      assertThat(chooser.choose(errors, seed)).isEqualTo(chooser.choose(errors.clone(), seed));
    }
    int distinct = (int) java.util.stream.LongStream.range(0, 50).map(s -> chooser.choose(errors, s)).distinct()
        .count();
    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void badParametersAndTablesAreRejected() {
    assertThatThrownBy(() -> new SlideChooser(0, 0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlideChooser(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    SlideChooser chooser = new SlideChooser(1, 0.5);
    assertThatThrownBy(() -> chooser.probabilities(new double[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> chooser.probabilities(new double[] {-0.1})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slideErrorsAverageNewMapsIntoTheTable() {
    SlideErrors errors = new SlideErrors(3, 0.5);
    assertThat(errors.table()).containsOnly(Double.NaN);
    errors.record(1, 0.8);
    assertThat(errors.table()[1]).isEqualTo(0.8);
    errors.record(1, 0.2);
    assertThat(errors.table()[1]).isCloseTo(0.5, within(1e-12));
    assertThat(errors.table()[0]).isNaN();
    double[] copy = errors.table();
    copy[0] = 0.3;
    assertThat(errors.table()[0]).as("table() is a copy").isNaN();
    SlideErrors restored = SlideErrors.of(errors.table(), 1.0);
    restored.record(1, 0.1);
    assertThat(restored.table()[1]).isEqualTo(0.1);
    assertThatThrownBy(() -> errors.record(3, 0.1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> errors.record(0, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlideErrors(2, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
