package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import org.junit.jupiter.api.Test;

class AnnotatedAreaTest {

  @Test
  void countsAnnotatedPixelsPerCellCutAtTheEdges() {
    LabelSetRaster l = LabelSetRaster.unconstrained(5, 3, 3);
    l.set(0, 0, 1);
    l.set(1, 1, 2);
    l.set(2, 0, 3); // a super label is information too
    l.set(4, 2, 1);
    AnnotatedArea a = AnnotatedArea.of(l, 2);
    assertThat(a.columns()).isEqualTo(3);
    assertThat(a.rows()).isEqualTo(2);
    assertThat(a.counts()).containsExactly(2, 1, 0, 0, 0, 1);
    assertThat(a.total()).isEqualTo(4);
    assertThat(a.exactCounts()).isTrue();
    assertThat(a.pixels().isAnnotated(2, 0)).isTrue();
    assertThat(a.pixels().isAnnotated(3, 0)).isFalse();
  }

  @Test
  void countsMustFitTheGrid() {
    assertThatThrownBy(() -> new AnnotatedArea(5, 3, 2, new int[5], true, (x, y) -> false))
        .hasMessageContaining("5 counts for a grid of 3x2 cells");
  }
}
