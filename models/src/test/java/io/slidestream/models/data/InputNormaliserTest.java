package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.images.RgbRaster;
import org.junit.jupiter.api.Test;

class InputNormaliserTest {

  @Test
  void unitRangeIsPlanarRgbOver255() {
    RgbRaster img = RgbRaster.create(2, 1);
    img.setRgb(0, 0, 0xff8000);
    img.setRgb(1, 0, 0x0033cc);
    float[] out = new float[1 + 6];
    InputNormaliser.unitRange().normalise(img, out, 1);
    assertThat(out[0]).isZero();
    assertThat(out[1]).isEqualTo(1f);
    assertThat(out[2]).isZero();
    assertThat(out[3]).isCloseTo(128 / 255f, within(1e-7f));
    assertThat(out[4]).isCloseTo(0x33 / 255f, within(1e-7f));
    assertThat(out[5]).isZero();
    assertThat(out[6]).isCloseTo(0xcc / 255f, within(1e-7f));
  }

  @Test
  void meanStdStandardisesPerChannel() {
    RgbRaster img = RgbRaster.filled(1, 1, 0x80ff00);
    float[] out = new float[3];
    InputNormaliser.meanStd(new float[] {0.5f, 0.25f, 0f}, new float[] {0.5f, 0.25f, 2f}).normalise(img, out, 0);
    assertThat(out[0]).isCloseTo((128 / 255f - 0.5f) / 0.5f, within(1e-6f));
    assertThat(out[1]).isCloseTo((1 - 0.25f) / 0.25f, within(1e-6f));
    assertThat(out[2]).isZero();
    assertThatThrownBy(() -> InputNormaliser.meanStd(new float[3], new float[] {1, 0, 1}))
        .hasMessageContaining("std must be positive");
  }
}
