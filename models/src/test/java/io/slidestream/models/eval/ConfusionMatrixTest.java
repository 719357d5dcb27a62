package io.slidestream.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.images.LabelRaster;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  // Pixel:              0  1  2  3  4  5  6    7
  static final byte[] REF = {0, 0, 1, 1, 1, 2, (byte) 255, 0};
  static final byte[] PRED = {0, 1, 1, 1, 0, 2, 2, 3};

  static ConfusionMatrix example() {
    ConfusionMatrix m = ConfusionMatrix.ignoring(5, 255);
    m.add(LabelRaster.wrap(4, 2, PRED.clone()), LabelRaster.wrap(4, 2, REF.clone()));
    return m;
  }

  @Test
  void countsByHand() {
    ConfusionMatrix m = example();
    assertThat(m.total()).isEqualTo(7);
    assertThat(m.ignoredPixels()).isEqualTo(1);
    assertThat(m.count(0, 0)).isEqualTo(1);
    assertThat(m.count(0, 1)).isEqualTo(1);
    assertThat(m.count(0, 3)).isEqualTo(1);
    assertThat(m.count(1, 1)).isEqualTo(2);
    assertThat(m.count(1, 0)).isEqualTo(1);
    assertThat(m.count(2, 2)).isEqualTo(1);
    assertThat(m.referencePixels(0)).isEqualTo(3);
    assertThat(m.predictedPixels(0)).isEqualTo(2);
    assertThat(m.accuracy()).isCloseTo(4.0 / 7, within(1e-12));
  }

  @Test
  void diceByHand() {
    ConfusionMatrix m = example();
    // class 0: TP 1, reference 3, predicted 2 -> 2/5; class 1: 2·2/(3+3); class 2: 2·1/(1+1) (pixel 6 ignored)
    assertThat(m.dice(0)).isEqualTo(0.4);
    assertThat(m.dice(1)).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(m.dice(2)).isEqualTo(1.0);
    // class 3: only predicted -> 0; class 4: nowhere -> undefined
    assertThat(m.dice(3)).isEqualTo(0.0);
    assertThat(m.dice(4)).isNaN();
  }

  @Test
  void countsPoolOverTilesAndMergeAlike() {
    ConfusionMatrix whole = example();
    ConfusionMatrix tiles = ConfusionMatrix.ignoring(5, 255);
    tiles.add(LabelRaster.wrap(4, 1, new byte[] {0, 1, 1, 1}), LabelRaster.wrap(4, 1, new byte[] {0, 0, 1, 1}));
    tiles.add(LabelRaster.wrap(4, 1, new byte[] {0, 2, 2, 3}), LabelRaster.wrap(4, 1, new byte[] {1, 2, (byte) 255, 0}));
    ConfusionMatrix merged = ConfusionMatrix.ignoring(5, 255);
    ConfusionMatrix other = ConfusionMatrix.ignoring(5, 255);
    merged.add(new byte[] {0, 1, 1, 1}, new byte[] {0, 0, 1, 1});
    other.add(new byte[] {0, 2, 2, 3}, new byte[] {1, 2, (byte) 255, 0});
    merged.merge(other);
    for (int r = 0; r < 5; r++) {
      for (int p = 0; p < 5; p++) {
        assertThat(tiles.count(r, p)).isEqualTo(whole.count(r, p));
        assertThat(merged.count(r, p)).isEqualTo(whole.count(r, p));
      }
    }
    assertThat(merged.ignoredPixels()).isEqualTo(1);
    // Pooled, not averaged per tile: tile 1 alone has class 0 Dice 2/3, tile 2 alone 0; pooled it is 0.4.
    assertThat(tiles.dice(0)).isEqualTo(0.4);
  }

  @Test
  void countsStayExactBeyondIntRange() {
    ConfusionMatrix m = ConfusionMatrix.of(2);
    m.add(1, 1, 3_000_000_000L);
    m.add(1, 0, 1_000_000_000L);
    m.add(0, 0, 2_000_000_000L);
    assertThat(m.total()).isEqualTo(6_000_000_000L);
    assertThat(m.dice(1)).isEqualTo(2.0 * 3 / (4 + 3));
  }

  @Test
  void labelsOutsideTheClassesAreErrors() {
    ConfusionMatrix m = ConfusionMatrix.ignoring(3, 255);
    assertThatThrownBy(() -> m.add(new byte[] {0, 0}, new byte[] {0, 7}))
        .hasMessageContaining("pixel 1: reference label 7 is not one of the 3 classes nor the ignore value 255");
    assertThatThrownBy(() -> m.add(new byte[] {5}, new byte[] {0}))
        .hasMessageContaining("pixel 0: prediction label 5 is not one of the 3 classes");
    assertThatThrownBy(() -> ConfusionMatrix.ignoring(3, 2)).hasMessageContaining("no class");
    assertThatThrownBy(() -> m.merge(ConfusionMatrix.of(3))).hasMessageContaining("cannot merge");
    assertThat(m.total()).isZero();
  }

  @Test
  void namesGoToTheScores() {
    DiceScores d = example().diceScores(List.of("a", "b", "c", "d", "e"));
    assertThat(d.classes().get(2).name()).isEqualTo("c");
  }
}
