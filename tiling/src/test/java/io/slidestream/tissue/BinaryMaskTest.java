package io.slidestream.tissue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinaryMaskTest {

  @Test
  void dilationGrowsASquareAndErosionShrinksItBack() {
    BinaryMask m = new BinaryMask(11, 11);
    m.set(5, 5, true);
    BinaryMask d = m.dilate(2);
    assertThat(d.count()).isEqualTo(25);
    assertThat(d.get(3, 3)).isTrue();
    assertThat(d.get(2, 5)).isFalse();
    assertThat(d.erode(2)).isEqualTo(m);
  }

  @Test
  void closingBridgesANarrowGap() {
    BinaryMask m = new BinaryMask(20, 5);
    for (int x = 0; x < 20; x++) {
      if (x != 9 && x != 10) {
        for (int y = 1; y < 4; y++) {
          m.set(x, y, true);
        }
      }
    }
    BinaryMask closed = m.close(1);
    assertThat(closed.get(9, 2)).isTrue();
    assertThat(closed.get(10, 2)).isTrue();
    assertThat(closed.count()).isEqualTo(60);
  }

  @Test
  void dropsSmallComponentsAndFillsSmallHolesOnly() {
    BinaryMask m = new BinaryMask(30, 30);
    for (int y = 5; y < 25; y++) {
      for (int x = 5; x < 25; x++) {
        m.set(x, y, true);
      }
    }
    m.set(14, 14, false); // a one-pixel hole
    for (int y = 18; y < 23; y++) {
      for (int x = 18; x < 23; x++) {
        m.set(x, y, false); // a 25-pixel hole
      }
    }
    m.set(1, 1, true); // a speck
    BinaryMask cleaned = m.withoutComponentsSmallerThan(10).withHolesFilledUpTo(5);
    assertThat(cleaned.get(1, 1)).isFalse();
    assertThat(cleaned.get(14, 14)).isTrue();
    assertThat(cleaned.get(20, 20)).isFalse();
    assertThat(cleaned.count()).isEqualTo(400 - 25);
  }

  @Test
  void backgroundTouchingTheBorderIsNotAHole() {
    BinaryMask m = new BinaryMask(10, 10);
    for (int y = 0; y < 10; y++) {
      m.set(5, y, true);
    }
    assertThat(m.withHolesFilledUpTo(1000).count()).isEqualTo(10);
  }
}
