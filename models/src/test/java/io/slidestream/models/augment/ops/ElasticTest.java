package io.slidestream.models.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.Augmented;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class ElasticTest {

  private final RgbRaster img = TestSamples.noiseImage(40, 30, 1);
  private final LabelSetRaster lab = TestSamples.noiseLabels(40, 30, 2);

  @Test
  void alphaZeroIsTheIdentity() {
    for (String sigma : new String[] {"0.5", "3", "6", "12"}) {
      Augmented a = AugmentationPipeline.parse("elastic(alpha=0, sigma=" + sigma + ")").apply(img, lab, 4);
      assertThat(a.image()).isEqualTo(img);
      assertThat(a.labels()).isEqualTo(lab);
    }
  }

  @Test
  void displacementRmsFollowsSimardScaling() {
    // Track where each pixel centre comes from with a coordinate image: x in red, y in green.
    int w = 128;
    int h = 128;
    RgbRaster coords = RgbRaster.create(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        coords.setRgb(x, y, (x << 16) | (y << 8));
      }
    }
    LabelSetRaster none = LabelSetRaster.unconstrained(w, h, 2);
    double alpha = 200;
    double sigma = 8;
    double sum = 0;
    long n = 0;
    for (long seed = 0; seed < 8; seed++) {
      Augmented a = AugmentationPipeline.parse("elastic(alpha=200, sigma=8)").apply(coords, none, seed);
      for (int y = 20; y < h - 20; y++) {
        for (int x = 20; x < w - 20; x++) {
          int rgb = a.image().rgb(x, y);
          double dx = (rgb >> 16 & 0xff) - x;
          double dy = (rgb >> 8 & 0xff) - y;
          sum += dx * dx + dy * dy;
          n += 2;
        }
      }
    }
    double rms = Math.sqrt(sum / n);
    double expected = alpha / (sigma * Math.sqrt(12 * Math.PI));
    // Sampling the image to the nearest grey level adds up to 0.3 px; the field itself matches within 15 %.
    assertThat(rms).isBetween(expected * 0.85, expected * 1.15);
  }

  @Test
  void deformsSmoothlyAndLabelsOnlyTakeInputValues() {
    Augmented a = AugmentationPipeline.parse("elastic(alpha=300, sigma=5)").apply(img, lab, 1);
    assertThat(a.labels()).isNotEqualTo(lab);
    java.util.Set<Long> allowed = new java.util.HashSet<>();
    for (long v : lab.data()) {
      allowed.add(v);
    }
    allowed.add(lab.universe());
    for (long v : a.labels().data()) {
      assertThat(allowed).contains(v);
    }
  }

  @Test
  void gridStepFollowsSigma() {
    assertThat(Elastic.gridStep(0.5)).isEqualTo(1);
    assertThat(Elastic.gridStep(3)).isEqualTo(1);
    assertThat(Elastic.gridStep(6)).isEqualTo(3);
    assertThat(Elastic.gridStep(9)).isEqualTo(4);
  }
}
