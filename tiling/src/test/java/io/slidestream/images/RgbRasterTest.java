package io.slidestream.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbRasterTest {

  @Test
  void fillAndPixelAccessAgree() {
    RgbRaster r = RgbRaster.filled(5, 3, 0x123456);
    assertThat(r.rgb(4, 2)).isEqualTo(0x123456);
    r.setRgb(1, 1, 0xabcdef);
    assertThat(r.rgb(1, 1)).isEqualTo(0xabcdef);
    assertThat(r.data()).hasSize(45);
  }

  @Test
  void shrinkingAveragesTheCoveredPixels() {
    RgbRaster r = RgbRaster.create(4, 2);
    r.setRgb(0, 0, 0xff0000);
    r.setRgb(1, 0, 0x000000);
    r.setRgb(0, 1, 0xff0000);
    r.setRgb(1, 1, 0x000000);
    r.setRgb(2, 0, 0x00ff00);
    r.setRgb(3, 0, 0x00ff00);
    r.setRgb(2, 1, 0x00ff00);
    r.setRgb(3, 1, 0x00ff00);
    RgbRaster half = r.resized(2, 1);
    assertThat(half.rgb(0, 0)).isEqualTo(0x800000); // (255+0+255+0)/4 = 127.5 rounds to 128
    assertThat(half.rgb(1, 0)).isEqualTo(0x00ff00);
  }

  @Test
  void enlargingAConstantImageKeepsItConstant() {
    RgbRaster r = RgbRaster.filled(3, 3, 0x336699).resized(7, 5);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertThat(r.rgb(x, y)).isEqualTo(0x336699);
      }
    }
  }

  @Test
  void copyAndCropMoveBlocksAndRejectBlocksOutside() {
    RgbRaster src = RgbRaster.create(4, 4);
    src.setRgb(2, 3, 0x010203);
    RgbRaster crop = src.crop(2, 2, 2, 2);
    assertThat(crop.rgb(0, 1)).isEqualTo(0x010203);
    assertThatThrownBy(() -> src.crop(3, 3, 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void transparentPixelsBecomeWhite() {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x00000000);
    img.setRGB(1, 0, 0xff102030);
    RgbRaster r = RgbRaster.fromBufferedImage(img);
    assertThat(r.rgb(0, 0)).isEqualTo(0xffffff);
    assertThat(r.rgb(1, 0)).isEqualTo(0x102030);
    assertThat(RgbRaster.fromBufferedImage(r.toBufferedImage())).isEqualTo(r);
  }

  @Test
  void wrapChecksTheArrayLength() {
    assertThatThrownBy(() -> RgbRaster.wrap(2, 2, new byte[11])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 12");
  }
}
