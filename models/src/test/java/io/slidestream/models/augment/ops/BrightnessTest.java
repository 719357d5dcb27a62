package io.slidestream.models.augment.ops;

import static io.slidestream.models.augment.ops.PhotometricTestSupport.row;
import static io.slidestream.models.augment.ops.PhotometricTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import org.junit.jupiter.api.Test;

class BrightnessTest {

  @Test
  void addsAFractionOfFullScaleAndClamps() {
    // 0.1·255 = 25.5: 100 → 125.5 → 126; 240 → 255 (clamped); 0 → 25.5 → 26.
    RgbRaster out = run("brightness(0.1..0.1)", row(0x64f000), 0);
    assertThat(out.rgb(0, 0)).isEqualTo(0x7eff1a);
    assertThat(run("brightness(-0.5..-0.5)", row(0x64f000), 0).rgb(0, 0)).isEqualTo(0x007100);
  }

  @Test
  void aSingleValueIsASymmetricRange() {
    int brighter = 0;
    int darker = 0;
    for (long seed = 0; seed < 100; seed++) {
      int v = run("brightness(0.2)", row(0x808080), seed).rgb(0, 0) & 0xff;
      assertThat(v).isBetween(128 - 51, 128 + 51);
      brighter += v > 128 ? 1 : 0;
      darker += v < 128 ? 1 : 0;
    }
    assertThat(brighter).isGreaterThan(30);
    assertThat(darker).isGreaterThan(30);
  }
}
