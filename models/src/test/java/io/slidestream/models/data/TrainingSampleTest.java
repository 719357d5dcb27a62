package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.AugmentationPipeline;
import org.junit.jupiter.api.Test;

class TrainingSampleTest {

  private static TrainingSample sample() {
    RgbRaster img = RgbRaster.create(4, 3);
    for (int i = 0; i < 12; i++) {
      img.setRgb(i % 4, i / 4, i * 10);
    }
    long[] sets = {1, 2, 3, 1, 2, 2, 1, 3, 3, 1, 2, 1};
    LabelSetRaster labels = LabelSetRaster.wrap(4, 3, 2, sets);
    return TrainingSample.of("s", img, labels, TrainingSample.referenceOf(labels));
  }

  @Test
  void referenceOfSetsIsTheSingleClassOrIgnore() {
    assertThat(sample().reference().orElseThrow().data()).containsExactly(0, 1, (byte) 255, 0, 1, 1, 0, (byte) 255,
        (byte) 255, 0, 1, 0);
  }

  @Test
  void cropTakesTheSameBlockOfEverything() {
    TrainingSample c = sample().crop(1, 1, 2, 2);
    assertThat(c.image().rgb(0, 0)).isEqualTo(50);
    // Rows 1 and 2, columns 1 and 2 of the sets {1,2,3,1 / 2,2,1,3 / 3,1,2,1}.
    assertThat(c.labels().data()).containsExactly(2, 1, 1, 2);
    assertThat(c.reference().orElseThrow().data()).containsExactly(1, 0, 0, 1);
  }

  @Test
  void augmentationMovesTheReferenceAndFillsItWithIgnore() {
    TrainingSample s = sample();
    TrainingSample flipped = s.augmented(AugmentationPipeline.parse("flip(h=1, v=0)"), 0);
    assertThat(flipped.labels().get(0, 0)).isEqualTo(s.labels().get(3, 0));
    assertThat(flipped.reference().orElseThrow().get(0, 0)).isEqualTo(s.reference().orElseThrow().get(3, 0));
    TrainingSample turned = s.augmented(AugmentationPipeline.parse("rotate(degrees=45..45)"), 0);
    assertThat(turned.reference().orElseThrow().get(0, 0)).isEqualTo(TrainingSample.IGNORE);
  }

  @Test
  void sizesMustAgree() {
    assertThatThrownBy(() -> TrainingSample.of("x", RgbRaster.create(2, 2), LabelSetRaster.unconstrained(2, 3, 2)))
        .hasMessageContaining("x: image is 2x2 but labels are 2x3");
    assertThatThrownBy(() -> TrainingSample.of("x", RgbRaster.create(2, 2), LabelSetRaster.unconstrained(2, 2, 2),
        LabelRaster.create(1, 1))).hasMessageContaining("but the reference is 1x1");
  }
}
