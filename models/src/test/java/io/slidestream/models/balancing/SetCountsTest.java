package io.slidestream.models.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetCountsTest {

  @Test
  void countsPixelsPerSetAndDistinctSets() {
    SetCounts counts = new SetCounts();
    counts.add(0b01);
    counts.add(0b01);
    counts.add(0b11);
    counts.add(1L << 63);
    assertThat(counts.get(0b01)).isEqualTo(2);
    assertThat(counts.get(0b11)).isEqualTo(1);
    assertThat(counts.get(1L << 63)).isEqualTo(1);
    assertThat(counts.get(0b10)).isZero();
    assertThat(counts.size()).isEqualTo(3);
    assertThat(counts.total()).isEqualTo(4);
    counts.clear();
    assertThat(counts.size()).isZero();
    assertThat(counts.total()).isZero();
    assertThat(counts.get(0b01)).isZero();
  }

  @Test
  void growsPastItsFirstTableWithoutLosingCounts() {
    SetCounts counts = new SetCounts();
    for (long s = 1; s <= 5000; s++) {
      for (int i = 0; i < s % 3 + 1; i++) {
        counts.add(s * 0x10001L);
      }
    }
    assertThat(counts.size()).isEqualTo(5000);
    for (long s = 1; s <= 5000; s++) {
      assertThat(counts.get(s * 0x10001L)).as("set %d", s).isEqualTo(s % 3 + 1);
    }
  }
}
