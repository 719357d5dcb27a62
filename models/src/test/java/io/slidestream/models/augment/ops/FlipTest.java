package io.slidestream.models.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.Augmented;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.augment.TestSamples;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlipTest {

  private final RgbRaster img = TestSamples.noiseImage(7, 5, 1);
  private final LabelSetRaster lab = TestSamples.noiseLabels(7, 5, 2);

  @Test
  void mirrorsImageAndLabelsExactly() {
    Augmented h = AugmentationPipeline.parse("flip(h=1, v=0)").apply(img, lab, 0);
    Augmented v = AugmentationPipeline.parse("flip(h=0, v=1)").apply(img, lab, 0);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertThat(h.image().rgb(x, y)).isEqualTo(img.rgb(6 - x, y));
        assertThat(h.labels().get(x, y)).isEqualTo(lab.get(6 - x, y));
        assertThat(v.image().rgb(x, y)).isEqualTo(img.rgb(x, 4 - y));
        assertThat(v.labels().get(x, y)).isEqualTo(lab.get(x, 4 - y));
      }
    }
  }

  @Test
  void flippingTwiceIsTheIdentity() {
    AugmentationPipeline both = AugmentationPipeline.parse("flip(h=1, v=1)");
    Augmented once = both.apply(img, lab, 0);
    assertThat(once.image()).isNotEqualTo(img);
    Augmented twice = both.apply(once.image(), once.labels(), 1);
    assertThat(twice.image()).isEqualTo(img);
    assertThat(twice.labels()).isEqualTo(lab);
    // Fused in one pipeline as well.
    Augmented fused = AugmentationPipeline.parse("flip(h=1, v=1), flip(h=1, v=1)").apply(img, lab, 0);
    assertThat(fused.image()).isEqualTo(img);
    assertThat(fused.labels()).isEqualTo(lab);
  }

  @Test
  void randomFlipReachesAllFourOrientations() {
    AugmentationPipeline p = AugmentationPipeline.parse("flip");
    Set<RgbRaster> seen = new HashSet<>();
    for (long seed = 0; seed < 64; seed++) {
      seen.add(p.apply(img, lab, seed).image());
    }
    assertThat(seen).hasSize(4);
  }
}
