package io.slidestream.images.readers.openslide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.IntBuffer;
import org.junit.jupiter.api.Test;

class PremultipliedArgbTest {

  static int[] convert(int... argb) {
    byte[] out = new byte[argb.length * 3];
    PremultipliedArgb.toRgbOverWhite(IntBuffer.wrap(argb), argb.length, out, 0);
    int[] rgb = new int[argb.length];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (out[3 * i] & 0xff) << 16 | (out[3 * i + 1] & 0xff) << 8 | out[3 * i + 2] & 0xff;
    }
    return rgb;
  }

  @Test
  void opaquePixelsKeepTheirColour() {
    assertThat(convert(0xFF123456, 0xFF000000)).containsExactly(0x123456, 0x000000);
  }

  @Test
  void transparentPixelsBecomeWhite() {
    assertThat(convert(0x00000000)).containsExactly(0xFFFFFF);
  }

  @Test
  void partlyTransparentPixelsAreUnpremultipliedAndCompositedOverWhite() {
    // Red 200 at alpha 128 is stored premultiplied as 100; over white: 200*128/255 + 127 = 227.4.
    int premultiplied = 128 << 24 | 100 << 16;
    int[] rgb = convert(premultiplied);
    int r = rgb[0] >>> 16;
    double exact = 200 * 128 / 255.0 + 255 * (1 - 128 / 255.0);
    assertThat((double) r).isCloseTo(exact, org.assertj.core.data.Offset.offset(0.6));
    assertThat(rgb[0] & 0xFFFF).as("green and blue: nothing over white").isEqualTo(127 << 8 | 127);
  }

  @Test
  void aMalformedPixelIsClampedNotWrapped() {
    assertThat(convert(0x10FF0000)).containsExactly(0xFFEFEF);
  }
}
