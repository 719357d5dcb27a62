package io.slidestream.bench.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.TrainingSample;
import org.junit.jupiter.api.Test;

/** The label sets of the partial-label experiments, on a hand-made image of four classes. */
class LabelHeterogeneityTest {

  /** Background 0, then classes 1, 2, 3, one pixel each; and one unannotated pixel. */
  static TrainingSample dense() {
    long[] sets = {0b0001, 0b0010, 0b0100, 0b1000, 0b1111};
    LabelSetRaster labels = LabelSetRaster.wrap(5, 1, 4, sets);
    return TrainingSample.of("t", RgbRaster.create(5, 1), labels, LabelRaster.wrap(5, 1, new byte[] {0, 1, 2, 3,
        (byte) TrainingSample.IGNORE}));
  }

  @Test
  void mergeGivesEveryMergedClassPixelTheSuperLabel() {
    TrainingSample m = LabelHeterogeneity.merge(dense(), 0b0110);
    assertThat(m.labels().data()).containsExactly(0b0001, 0b0110, 0b0110, 0b1000, 0b1111);
    assertThat(m.reference()).as("evaluation keeps the dense truth").isEqualTo(dense().reference());
  }

  @Test
  void missingClassesAndTheBackgroundBecomeBackgroundOrMissing() {
    TrainingSample s = LabelHeterogeneity.withoutClasses(dense(), 0b1000, 0);
    assertThat(s.labels().data()).containsExactly(0b1001, 0b0010, 0b0100, 0b1001, 0b1111);
    TrainingSample ce = LabelHeterogeneity.missingAsBackground(dense(), 0b1000, 0);
    assertThat(ce.labels().data()).containsExactly(0b0001, 0b0010, 0b0100, 0b0001, 0b1111);
    assertThat(LabelHeterogeneity.withoutClasses(dense(), 0, 0).labels()).isEqualTo(dense().labels());
    assertThatThrownBy(() -> LabelHeterogeneity.withoutClasses(dense(), 0b0001, 0))
        .hasMessageContaining("background class 0 cannot be missing");
  }

  @Test
  void missingClassesAreDrawnPerImageFromTheSeed() {
    long candidates = 0b111110;
    assertThat(LabelHeterogeneity.drawMissing(candidates, 0, 1, 0)).isZero();
    assertThat(LabelHeterogeneity.drawMissing(candidates, 1, 1, 0)).isEqualTo(candidates);
    assertThat(LabelHeterogeneity.drawMissing(candidates, 0.5, 42, 3))
        .isEqualTo(LabelHeterogeneity.drawMissing(candidates, 0.5, 42, 3));
    int removed = 0;
    for (int i = 0; i < 400; i++) {
      long m = LabelHeterogeneity.drawMissing(candidates, 0.5, 42, i);
      assertThat(m & ~candidates).isZero();
      removed += Long.bitCount(m);
    }
    assertThat(removed / 2000.0).as("share removed at alpha 0.5").isBetween(0.45, 0.55);
  }
}
