package io.slidestream.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelSetTest {

  @Test
  void bitsAreClassIds() {
    LabelSet s = LabelSet.of(0, 3, 63);
    assertThat(s.bits()).isEqualTo(1L | 1L << 3 | 1L << 63);
    assertThat(s.classes()).containsExactly(0, 3, 63);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.contains(3)).isTrue();
    assertThat(s.contains(2)).isFalse();
    assertThat(s.contains(64)).isFalse();
    assertThat(s).hasToString("{0, 3, 63}");
  }

  @Test
  void universeCoversExactlyTheClasses() {
    assertThat(LabelSet.universe(1)).isEqualTo(1L);
    assertThat(LabelSet.universe(5)).isEqualTo(0b11111L);
    assertThat(LabelSet.universe(64)).isEqualTo(-1L);
    assertThat(LabelSet.all(5).size()).isEqualTo(5);
    assertThatThrownBy(() -> LabelSet.universe(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelSet.universe(65)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelSet.bit(64)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void singletonsAreCertainLabels() {
    assertThat(LabelSet.isSingleton(1L << 7)).isTrue();
    assertThat(LabelSet.singleClass(1L << 7)).isEqualTo(7);
    assertThat(LabelSet.singleClass(1L << 63)).isEqualTo(63);
    assertThat(LabelSet.isSingleton(0b101)).isFalse();
    assertThat(LabelSet.singleClass(0b101)).isEqualTo(-1);
    assertThat(LabelSet.isSingleton(0)).isFalse();
    assertThat(LabelSet.singleClass(0)).isEqualTo(-1);
  }

  @Test
  void setAlgebra() {
    LabelSet a = LabelSet.of(1, 2);
    LabelSet b = LabelSet.of(2, 3);
    assertThat(a.union(b)).isEqualTo(LabelSet.of(1, 2, 3));
    assertThat(a.intersection(b)).isEqualTo(LabelSet.of(2));
    assertThat(a.minus(b)).isEqualTo(LabelSet.of(1));
    assertThat(a.minus(a).isEmpty()).isTrue();
  }
}
