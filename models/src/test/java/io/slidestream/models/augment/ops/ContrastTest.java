package io.slidestream.models.augment.ops;

import static io.slidestream.models.augment.ops.PhotometricTestSupport.row;
import static io.slidestream.models.augment.ops.PhotometricTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.TestSamples;
import org.junit.jupiter.api.Test;

class ContrastTest {

  @Test
  void scalesDistancesFromTheMeanLuminance() {
    // Two grey pixels 100 and 200: mean luminance 150. Factor 0.5 → 125 and 175; factor 0 → 150.
    RgbRaster img = row(0x646464, 0xc8c8c8);
    assertThat(Contrast.meanLuminance(img)).isEqualTo(150.0, org.assertj.core.api.Assertions.within(1e-9));
    RgbRaster half = run("contrast(0.5)", img, 0);
    assertThat(half.rgb(0, 0)).isEqualTo(0x7d7d7d);
    assertThat(half.rgb(1, 0)).isEqualTo(0xafafaf);
    RgbRaster flat = run("contrast(0)", img, 0);
    assertThat(flat.rgb(0, 0)).isEqualTo(0x969696);
    assertThat(flat.rgb(1, 0)).isEqualTo(0x969696);
    RgbRaster twice = run("contrast(2)", img, 0);
    assertThat(twice.rgb(0, 0)).isEqualTo(0x323232);
    assertThat(twice.rgb(1, 0)).isEqualTo(0xfafafa);
  }

  @Test
  void oneIsTheIdentity() {
    RgbRaster img = TestSamples.noiseImage(20, 20, 2);
    assertThat(run("contrast(1)", img, 0)).isEqualTo(img);
  }
}
