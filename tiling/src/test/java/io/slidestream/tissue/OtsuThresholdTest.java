package io.slidestream.tissue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtsuThresholdTest {

  @Test
  void separatesTwoModes() {
    long[] h = new long[256];
    for (int v = 10; v <= 30; v++) {
      h[v] = 100;
    }
    for (int v = 150; v <= 170; v++) {
      h[v] = 40;
    }
    int t = OtsuThreshold.of(h);
    assertThat(t).isBetween(30, 149);
  }

  @Test
  void emptyOrSingleValueHistogramsGiveAUsableCut() {
    assertThat(OtsuThreshold.of(new long[256])).isZero();
    long[] one = new long[256];
    one[42] = 7;
    assertThat(OtsuThreshold.of(one)).isZero();
  }
}
