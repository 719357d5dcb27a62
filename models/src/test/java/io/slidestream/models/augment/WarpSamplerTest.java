package io.slidestream.models.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import org.junit.jupiter.api.Test;

class WarpSamplerTest {

  @Test
  void reflectionRepeatsTheEdgePixelOnce() {
    int[] expected = {4, 3, 2, 1, 0, 0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 0, 1};
    for (int i = -5; i <= 11; i++) {
      assertThat(WarpSampler.reflect(i, 5)).as("index %d", i).isEqualTo(expected[i + 5]);
    }
    assertThat(WarpSampler.reflect(0, 1)).isZero();
    assertThat(WarpSampler.reflect(-3, 1)).isZero();
  }

  @Test
  void halfPixelPointsInterpolateTheImageAndPickOneLabel() {
    RgbRaster img = RgbRaster.create(2, 1);
    img.setRgb(0, 0, 0x000000);
    img.setRgb(1, 0, 0x6432c8);
    LabelSetRaster lab = LabelSetRaster.wrap(2, 1, 2, new long[] {0b01, 0b10});
    float[] xs = {0.5f, 0.25f};
    float[] ys = {0, 0};
    RgbRaster out = WarpSampler.image(img, xs, ys);
    assertThat(out.rgb(0, 0)).isEqualTo(0x321964);
    assertThat(out.rgb(1, 0)).isEqualTo(0x190d32);
    LabelSetRaster l = WarpSampler.labels(lab, xs, ys);
    // Nearest neighbour rounds half up: 0.5 -> pixel 1; 0.25 -> pixel 0. Never a blend of sets.
    assertThat(l.data()).containsExactly(0b10, 0b01);
  }

  @Test
  void pointsOutsideGiveAllAndTheReferenceFill() {
    LabelSetRaster lab = LabelSetRaster.wrap(4, 1, 2, new long[] {0b01, 0b10, 0b01, 0b10});
    LabelRaster ref = LabelRaster.wrap(4, 1, new byte[] {0, 1, 0, 1});
    // A pixel is inside while its nearest source pixel is: -0.5 rounds to 0, 3.49 to 3; -0.51 and 3.5 fall out.
    float[] xs = {-0.51f, -0.5f, 3.49f, 3.5f};
    float[] ys = {0, 0, 0, 0};
    assertThat(WarpSampler.labels(lab, xs, ys).data()).containsExactly(0b11, 0b01, 0b10, 0b11);
    assertThat(WarpSampler.reference(ref, xs, ys, 255).data()).containsExactly((byte) 255, (byte) 0, (byte) 1,
        (byte) 255);
  }

  @Test
  void identityPointsReproduceTheInput() {
    RgbRaster img = TestSamples.noiseImage(9, 4, 1);
    float[][] p = WarpSampler.sourcePoints(new Warp[0], 0, 9, 4);
    assertThat(WarpSampler.image(img, p[0], p[1])).isEqualTo(img);
  }
}
