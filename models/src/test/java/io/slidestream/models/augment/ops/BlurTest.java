package io.slidestream.models.augment.ops;

import static io.slidestream.models.augment.ops.PhotometricTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class BlurTest {

  @Test
  void spreadsAnImpulseAndKeepsItsMass() {
    RgbRaster img = RgbRaster.filled(21, 21, 0);
    img.setRgb(10, 10, 0xff0000);
    RgbRaster out = run("blur(sigma=1..1)", img, 0);
    int centre = out.rgb(10, 10) >> 16;
    int side = out.rgb(11, 10) >> 16;
    int diagonal = out.rgb(11, 11) >> 16;
    // 255 · g(0)², g(0)g(1), g(1)² with g the sampled unit Gaussian: 40.6, 24.6, 14.9
    assertThat(centre).isEqualTo(41);
    assertThat(side).isEqualTo(25);
    assertThat(diagonal).isEqualTo(15);
    long mass = 0;
    for (int y = 0; y < 21; y++) {
      for (int x = 0; x < 21; x++) {
        mass += out.rgb(x, y) >> 16;
        assertThat(out.rgb(x, y) & 0xffff).isZero();
      }
    }
    assertThat(mass).isBetween(245L, 265L);
  }

  @Test
  void zeroSigmaAndUniformImagesAreUnchanged() {
    RgbRaster noise = TestSamples.noiseImage(16, 16, 1);
    assertThat(run("blur(sigma=0)", noise, 0)).isEqualTo(noise);
    RgbRaster flat = RgbRaster.filled(16, 16, 0x336699);
    assertThat(run("blur(sigma=3)", flat, 0)).isEqualTo(flat);
  }
}
