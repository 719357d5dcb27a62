package io.slidestream.models.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.Augmented;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class Rot90Test {

  @Test
  void oneTurnIsCounterClockwiseLikeNumpy() {
    // numpy.rot90([[0,1,2],[3,4,5],[6,7,8]]) == [[2,5,8],[1,4,7],[0,3,6]]
    long[] sets = new long[9];
    RgbRaster img = RgbRaster.create(3, 3);
    for (int i = 0; i < 9; i++) {
      sets[i] = 1L << i;
      img.setRgb(i % 3, i / 3, i);
    }
    LabelSetRaster lab = LabelSetRaster.wrap(3, 3, 9, sets);
    Augmented a = AugmentationPipeline.parse("rot90(k=1)").apply(img, lab, 0);
    int[] expected = {2, 5, 8, 1, 4, 7, 0, 3, 6};
    for (int i = 0; i < 9; i++) {
      assertThat(a.labels().data()[i]).isEqualTo(1L << expected[i]);
      assertThat(a.image().rgb(i % 3, i / 3)).isEqualTo(expected[i]);
    }
  }

  @Test
  void fourTurnsAreTheIdentity() {
    RgbRaster img = TestSamples.noiseImage(16, 16, 3);
    LabelSetRaster lab = TestSamples.noiseLabels(16, 16, 4);
    AugmentationPipeline turn = AugmentationPipeline.parse("rot90(k=1)");
    RgbRaster i = img;
    LabelSetRaster l = lab;
    for (int n = 1; n <= 4; n++) {
      Augmented a = turn.apply(i, l, n);
      i = a.image();
      l = a.labels();
      if (n < 4) {
        assertThat(i).isNotEqualTo(img);
      }
    }
    assertThat(i).isEqualTo(img);
    assertThat(l).isEqualTo(lab);
    Augmented fused = AugmentationPipeline.parse("rot90(k=1), rot90(k=3), rot90(k=2), rot90(k=2)").apply(img, lab, 0);
    assertThat(fused.image()).isEqualTo(img);
    assertThat(fused.labels()).isEqualTo(lab);
  }

  @Test
  void threeTurnsUndoOne() {
    RgbRaster img = TestSamples.noiseImage(9, 9, 5);
    LabelSetRaster lab = TestSamples.noiseLabels(9, 9, 6);
    Augmented one = AugmentationPipeline.parse("rot90(k=1)").apply(img, lab, 0);
    Augmented back = AugmentationPipeline.parse("rot90(k=3)").apply(one.image(), one.labels(), 0);
    assertThat(back.image()).isEqualTo(img);
    assertThat(back.labels()).isEqualTo(lab);
  }

  @Test
  void nonSquareSamplesKeepTheirSizeAndMapPixelsOntoPixels() {
    RgbRaster img = TestSamples.noiseImage(6, 3, 7);
    LabelSetRaster lab = TestSamples.noiseLabels(6, 3, 8);
    Augmented a = AugmentationPipeline.parse("rot90(k=1)").apply(img, lab, 0);
    assertThat(a.image().width()).isEqualTo(6);
    assertThat(a.image().height()).isEqualTo(3);
    int inside = 0;
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 6; x++) {
        long set = a.labels().get(x, y);
        if (set != lab.universe()) {
          inside++;
          // Every pixel that came from inside is some input pixel, copied exactly with its label.
          boolean found = false;
          for (int sy = 0; sy < 3 && !found; sy++) {
            for (int sx = 0; sx < 6 && !found; sx++) {
              found = img.rgb(sx, sy) == a.image().rgb(x, y) && lab.get(sx, sy) == set;
            }
          }
          assertThat(found).isTrue();
        }
      }
    }
    assertThat(inside).isEqualTo(3 * 3); // the centred 3x3 square turns onto itself
  }
}
