package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

  private static final List<Integer> ITEMS = IntStream.range(0, 85).boxed().toList();

  @Test
  void splitsDisjointlyByFractionKeepingOrder() {
    DatasetSplit<Integer> s = DatasetSplit.of(ITEMS, 0.2, 42);
    assertThat(s.validation()).hasSize(17);
    assertThat(s.train()).hasSize(68);
    List<Integer> all = new ArrayList<>(s.train());
    all.addAll(s.validation());
    assertThat(all).containsExactlyInAnyOrderElementsOf(ITEMS);
    assertThat(s.train()).isSorted();
    assertThat(s.validation()).isSorted();
  }

  @Test
  void theSeedDecides() {
    assertThat(DatasetSplit.of(ITEMS, 0.2, 42)).isEqualTo(DatasetSplit.of(ITEMS, 0.2, 42));
    assertThat(DatasetSplit.of(ITEMS, 0.2, 43).validation()).isNotEqualTo(DatasetSplit.of(ITEMS, 0.2, 42).validation());
    // java.util.Random is specified exactly: this split is the same on every JVM.
    assertThat(DatasetSplit.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0.3, 1).validation())
        .isEqualTo(DatasetSplit.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0.3, 1).validation())
        .hasSize(3);
  }

  @Test
  void neitherSideIsEmptiedByRounding() {
    assertThat(DatasetSplit.of(List.of(1, 2, 3), 0.01, 0).validation()).hasSize(1);
    assertThat(DatasetSplit.of(List.of(1, 2), 0.99, 0).train()).hasSize(1);
    assertThat(DatasetSplit.of(List.of(1, 2), 0, 0).validation()).isEmpty();
    assertThatThrownBy(() -> DatasetSplit.of(ITEMS, 1, 0)).hasMessageContaining("[0, 1)");
  }
}
