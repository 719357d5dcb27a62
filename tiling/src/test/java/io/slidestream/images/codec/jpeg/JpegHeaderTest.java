package io.slidestream.images.codec.jpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.testdata.SvsFile;
import org.junit.jupiter.api.Test;

class JpegHeaderTest {

  @Test
  void readsAnAperioTileFrame() {
    byte[] jpeg = SvsFile.cmuSmallRegion().completeTile(0, false);
    JpegHeader h = JpegHeader.parse(jpeg, 0, jpeg.length);
    assertThat(h.width()).isEqualTo(240);
    assertThat(h.height()).isEqualTo(240);
    assertThat(h.precision()).isEqualTo(8);
    assertThat(h.process()).isEqualTo(0xC0);
    assertThat(h.componentIds()).containsExactly(0, 1, 2);
    assertThat(h.sampling()).containsExactly(0x11, 0x11, 0x11);
    assertThat(h.jfif()).isFalse();
    assertThat(h.adobeTransform()).isEqualTo(-1);
    assertThat(h.isRgb()).as("ids 0,1,2 without markers: libjpeg assumes YCbCr").isFalse();
  }

  @Test
  void anAdobeSegmentWithTransformZeroMeansRgb() {
    byte[] jpeg = SvsFile.cmuSmallRegion().completeTile(0, true);
    JpegHeader h = JpegHeader.parse(jpeg, 0, jpeg.length);
    assertThat(h.adobeTransform()).isZero();
    assertThat(h.isRgb()).isTrue();
  }

  @Test
  void componentIdsRgbMeanRgbAndJfifOverridesThem() {
    JpegHeader rgbIds = new JpegHeader(8, 8, 8, 0xC0, new int[] {'R', 'G', 'B'}, new int[] {0x11, 0x11, 0x11}, false, -1);
    assertThat(rgbIds.isRgb()).isTrue();
    JpegHeader jfif = new JpegHeader(8, 8, 8, 0xC0, new int[] {'R', 'G', 'B'}, new int[] {0x11, 0x11, 0x11}, true, 0);
    assertThat(jfif.isRgb()).isFalse();
    JpegHeader grey = new JpegHeader(8, 8, 8, 0xC0, new int[] {1}, new int[] {0x11}, false, 0);
    assertThat(grey.isRgb()).isFalse();
  }

  @Test
  void damagedHeadersAreTypedErrors() {
    byte[] jpeg = SvsFile.cmuSmallRegion().completeTile(0, false);
    assertThatThrownBy(() -> JpegHeader.parse(new byte[] {1, 2, 3, 4}, 0, 4)).isInstanceOf(JpegException.class)
        .hasMessageContaining("SOI");
    assertThatThrownBy(() -> JpegHeader.parse(jpeg, 0, 40)).isInstanceOf(JpegException.class);
    byte[] onlyTables = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    assertThatThrownBy(() -> JpegHeader.parse(onlyTables, 0, 4)).isInstanceOf(JpegException.class)
        .hasMessageContaining("before its first scan");
  }
}
