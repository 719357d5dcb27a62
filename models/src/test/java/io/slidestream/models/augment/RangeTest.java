package io.slidestream.models.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RangeTest {

  @Test
  void drawsUniformlyWithinTheBounds() {
    Range r = new Range(-2, 3);
    SplittableRandom rng = new SplittableRandom(1);
    double sum = 0;
    for (int i = 0; i < 100_000; i++) {
      double v = r.draw(rng);
      assertThat(v).isBetween(-2.0, 3.0);
      sum += v;
    }
    // Mean 0.5, standard error 1.44/√100000 = 0.0046.
    assertThat(sum / 100_000).isBetween(0.48, 0.52);
  }

  @Test
  void integersAreEquallyLikely() {
    Range r = new Range(0, 3);
    int[] counts = new int[4];
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 4000; i++) {
      counts[r.drawInt(rng)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(900, 1100);
    }
  }

  @Test
  void fixedRangesConsumeNoRandomness() {
    SplittableRandom a = new SplittableRandom(3);
    SplittableRandom b = new SplittableRandom(3);
    assertThat(new Range(1.5, 1.5).draw(a)).isEqualTo(1.5);
    assertThat(a.nextLong()).isEqualTo(b.nextLong());
  }

  @Test
  void printsTheGrammarsForm() {
    assertThat(new Range(1, 1)).hasToString("1");
    assertThat(new Range(-0.1, 0.1)).hasToString("-0.1..0.1");
    assertThat(new Range(0.8, 1.25)).hasToString("0.8..1.25");
    assertThat(new Range(1e-7, 1e-7)).hasToString("1.00000e-07");
    assertThatThrownBy(() -> new Range(2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Range(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
