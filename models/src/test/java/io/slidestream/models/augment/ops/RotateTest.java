package io.slidestream.models.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.Augmented;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class RotateTest {

  private final RgbRaster img = TestSamples.noiseImage(33, 33, 1);
  private final LabelSetRaster lab = TestSamples.noiseLabels(33, 33, 2);

  @Test
  void ninetyDegreesMatchesAQuarterTurnUpToTheBorder() {
    for (int[] pair : new int[][] {{90, 1}, {-90, 3}, {180, 2}}) {
      Augmented r = AugmentationPipeline.parse("rotate(degrees=" + pair[0] + ".." + pair[0] + ")").apply(img, lab, 0);
      Augmented q = AugmentationPipeline.parse("rot90(k=" + pair[1] + ")").apply(img, lab, 0);
      for (int y = 1; y < 32; y++) {
        for (int x = 1; x < 32; x++) {
          assertThat(r.labels().get(x, y)).isEqualTo(q.labels().get(x, y));
          for (int c = 0; c < 3; c++) {
            int i = (y * 33 + x) * 3 + c;
            assertThat(Math.abs((r.image().data()[i] & 0xff) - (q.image().data()[i] & 0xff))).isLessThanOrEqualTo(1);
          }
        }
      }
    }
  }

  @Test
  void cornersComeFromOutsideAndCarryNoLabels() {
    Augmented r = AugmentationPipeline.parse("rotate(degrees=45..45)").apply(img, lab, 0);
    assertThat(r.labels().get(0, 0)).isEqualTo(lab.universe());
    assertThat(r.labels().get(32, 32)).isEqualTo(lab.universe());
    // The centre stays where it is.
    assertThat(r.labels().get(16, 16)).isEqualTo(lab.get(16, 16));
    assertThat(r.image().rgb(16, 16)).isEqualTo(img.rgb(16, 16));
    long unknown = r.labels().unconstrainedCount();
    // A square and its 45 degree turn share a regular octagon of 2(√2-1) ≈ 0.83 of the area: 17 % is unknown.
    assertThat(unknown / (33.0 * 33)).isBetween(0.12, 0.22);
  }

  @Test
  void anglesAreDrawnFromTheRange() {
    // Unknown pixels of this 33x33 sample turned by exactly 5, 10 and 45 degrees: 40, 80 and 180 (numpy).
    assertThat(AugmentationPipeline.parse("rotate(degrees=10..10)").apply(img, lab, 0).labels().unconstrainedCount())
        .isEqualTo(80);
    AugmentationPipeline p = AugmentationPipeline.parse("rotate(degrees=10)");
    int small = 0;
    for (long seed = 0; seed < 40; seed++) {
      long unknown = p.apply(img, lab, seed).labels().unconstrainedCount();
      assertThat(unknown).isLessThanOrEqualTo(80);
      small += unknown <= 40 ? 1 : 0;
    }
    // Angles are uniform in -10..10: about half of them within ±5.
    assertThat(small).isBetween(10, 30);
  }
}
