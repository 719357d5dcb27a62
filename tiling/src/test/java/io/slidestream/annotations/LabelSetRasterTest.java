package io.slidestream.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.LabelRaster;
import org.junit.jupiter.api.Test;

class LabelSetRasterTest {

  @Test
  void allIsStoredAsTheUniverse() {
    LabelSetRaster r = LabelSetRaster.unconstrained(3, 2, 4);
    assertThat(r.data()).containsOnly(0b1111L);
    assertThat(r.isUnconstrained(2, 1)).isTrue();
    r.set(2, 1, LabelSetRaster.ALL & ~0b10L); // "all classes except 1", written with the constant
    assertThat(r.get(2, 1)).isEqualTo(0b1101L);
    assertThat(Long.bitCount(r.get(2, 1))).isEqualTo(3);
    assertThat(r.unconstrainedCount()).isEqualTo(5);
  }

  @Test
  void anEmptySetIsRejected() {
    LabelSetRaster r = LabelSetRaster.unconstrained(2, 2, 3);
    assertThatThrownBy(() -> r.set(0, 0, 1L << 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("admits none of the 3 classes");
    assertThatThrownBy(() -> LabelSetRaster.wrap(1, 2, 3, new long[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixel 1");
    assertThatThrownBy(() -> LabelSetRaster.wrap(1, 1, 3, new long[] {0b1001}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runsCropsAndCopies() {
    LabelSetRaster r = LabelSetRaster.create(5, 3, 3, 0b001);
    r.fillRun(1, 1, 4, 0b110);
    assertThat(r.get(0, 1)).isEqualTo(0b001);
    assertThat(r.get(1, 1)).isEqualTo(0b110);
    assertThat(r.get(3, 1)).isEqualTo(0b110);
    assertThat(r.get(4, 1)).isEqualTo(0b001);
    LabelSetRaster c = r.crop(1, 1, 3, 2);
    assertThat(c.get(0, 0)).isEqualTo(0b110);
    assertThat(c.get(0, 1)).isEqualTo(0b001);
    LabelSetRaster other = LabelSetRaster.create(5, 3, 4, LabelSetRaster.ALL);
    assertThatThrownBy(() -> other.copyFrom(r, 0, 0, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.crop(3, 2, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void countsSingletonsForBalancing() {
    LabelSetRaster r = LabelSetRaster.wrap(4, 1, 3, new long[] {0b001, 0b100, 0b100, 0b110});
    assertThat(r.singletonCounts()).containsExactly(1, 0, 2);
    assertThat(r.toLabels(255).data()).containsExactly(0, 2, 2, (byte) 255);
  }

  @Test
  void denseLabelsBecomeSingletons() {
    LabelRaster l = LabelRaster.wrap(3, 1, new byte[] {0, 2, 1});
    LabelSetRaster r = LabelSetRaster.fromLabels(l, 3);
    assertThat(r.data()).containsExactly(1L, 4L, 2L);
    assertThat(r.toLabels(9)).isEqualTo(l);
    assertThatThrownBy(() -> LabelSetRaster.fromLabels(l, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 2");
  }
}
