package io.slidestream.models.augment.ops;

import static io.slidestream.models.augment.ops.PhotometricTestSupport.row;
import static io.slidestream.models.augment.ops.PhotometricTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class GammaTest {

  @Test
  void appliesThePowerCurveToEveryChannel() {
    // 255·(128/255)² = 64.25 → 64; 255·(64/255)² = 16.06 → 16; black and white stay.
    RgbRaster out = run("gamma(2)", row(0x804000, 0xffffff), 0);
    assertThat(out.rgb(0, 0)).isEqualTo(0x401000);
    assertThat(out.rgb(1, 0)).isEqualTo(0xffffff);
    // 255·(128/255)^0.5 = 180.67 → 181
    assertThat(run("gamma(0.5)", row(0x808080), 0).rgb(0, 0)).isEqualTo(0xb5b5b5);
  }

  @Test
  void oneIsTheIdentity() {
    RgbRaster img = TestSamples.noiseImage(20, 20, 1);
    assertThat(run("gamma(1)", img, 0)).isEqualTo(img);
  }
}
