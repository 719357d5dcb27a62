package io.slidestream.masks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskTileLedgerTest {

  final MaskSpec spec = new MaskSpec("ledger", 80, 50, 32, 1.0, 1.0, List.of());

  @Test
  void aCheckedTileCountsOnlyOnceRecordedSoAFailedStoreCanBeRetried() {
    MaskTileLedger ledger = new MaskTileLedger(spec);
    LabelRaster edge = LabelRaster.create(16, 18);
    ledger.check(2, 1, edge);
    assertThat(ledger.contains(2, 1)).isFalse();
    ledger.check(2, 1, edge); // the writer failed to store it and tries again
    ledger.record(2, 1);
    assertThat(ledger.contains(2, 1)).isTrue();
    assertThat(ledger.count()).isEqualTo(1);
    assertThat(ledger.pixelsCovered()).isEqualTo(16 * 18);
    assertThatThrownBy(() -> ledger.check(2, 1, edge)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already written");
  }

  @Test
  void positionsAndSizesAreChecked() {
    MaskTileLedger ledger = new MaskTileLedger(spec);
    assertThatThrownBy(() -> ledger.accept(3, 0, LabelRaster.create(32, 32)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> ledger.accept(2, 1, LabelRaster.create(32, 32)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 16x18");
    ledger.accept(0, 0, LabelRaster.create(32, 32));
    assertThatThrownBy(() -> ledger.accept(0, 0, LabelRaster.create(32, 32)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ledger.count()).isEqualTo(1);
  }
}
