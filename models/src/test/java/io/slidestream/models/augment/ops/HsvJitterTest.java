package io.slidestream.models.augment.ops;

import static io.slidestream.models.augment.ops.PhotometricTestSupport.row;
import static io.slidestream.models.augment.ops.PhotometricTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class HsvJitterTest {

  @Test
  void aThirdOfATurnTakesRedToGreenToBlue() {
    RgbRaster out = run("hsv(h=0.3333333..0.3333333, s=0, v=0)", row(0xff0000, 0x00ff00, 0x0000ff), 0);
    assertThat(out.rgb(0, 0)).isEqualTo(0x00ff00);
    assertThat(out.rgb(1, 0)).isEqualTo(0x0000ff);
    assertThat(out.rgb(2, 0)).isEqualTo(0xff0000);
  }

  @Test
  void valueAndSaturationScale() {
    // Value halves: every channel halves. Saturation to 0: grey at the value (max channel).
    assertThat(run("hsv(h=0, s=0, v=-0.5..-0.5)", row(0xc86432), 0).rgb(0, 0)).isEqualTo(0x643219);
    assertThat(run("hsv(h=0, s=-1..-1, v=0)", row(0xc86432), 0).rgb(0, 0)).isEqualTo(0xc8c8c8);
  }

  @Test
  void noShiftRoundTripsEveryColourExactly() {
    RgbRaster img = TestSamples.noiseImage(256, 256, 3);
    byte[] d = img.data().clone();
    HsvJitter.shift(d, 0, 1, 1);
    assertThat(d).isEqualTo(img.data());
  }
}
