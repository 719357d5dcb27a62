package io.slidestream.images.codec.jpeg;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.testdata.SharedData;
import io.slidestream.testdata.SvsFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The choice of decoder, and the contract both decoders keep, on real images: Aperio RGB tiles
 * and a JFIF (YCbCr, 4:2:0) JPEG of a real H&E image.
 */
class JpegDecodersTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(JpegDecoders.PROPERTY);
  }

  @Test
  void turboIsPreferredWhenItsLibraryLoads() {
    assertThat(TurboJpegDecoder.isAvailable()).as("libturbojpeg.so.0 must be installed (apt-get install libturbojpeg0)").isTrue();
    assertThat(JpegDecoders.preferred().name()).isEqualTo("turbo");
  }

  @Test
  void aSystemPropertyForcesADecoder() {
    System.setProperty(JpegDecoders.PROPERTY, "java");
    assertThat(JpegDecoders.preferred()).isInstanceOf(JavaJpegDecoder.class);
    System.setProperty(JpegDecoders.PROPERTY, "TURBO");
    assertThat(JpegDecoders.preferred()).isInstanceOf(TurboJpegDecoder.class);
    System.setProperty(JpegDecoders.PROPERTY, "libjpeg");
    assertThatThrownBy(JpegDecoders::preferred).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("turbo or java");
  }

  static byte[] jfifOfRealTissue() throws IOException {
    BufferedImage png = ImageIO.read(SharedData.file("glas/train/images/train_1.png").toFile());
    BufferedImage rgb = new BufferedImage(png.getWidth(), png.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    rgb.getGraphics().drawImage(png, 0, 0, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(rgb, "jpeg", out)).isTrue();
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"turbo", "java"})
  void aJfifImageDecodesAsTheJdkDecodesIt(String name) throws IOException {
    byte[] jpeg = jfifOfRealTissue();
    JpegHeader header = JpegHeader.parse(jpeg, 0, jpeg.length);
    assertThat(header.jfif()).isTrue();
    assertThat(header.sampling()[0]).as("4:2:0: luma sampled 2x2").isEqualTo(0x22);
    RgbRaster expected = RgbRaster.fromBufferedImage(ImageIO.read(new ByteArrayInputStream(jpeg)));
    RgbRaster decoded = JpegDecoders.named(name).decode(jpeg, 0, jpeg.length, Long.MAX_VALUE);
    assertSamePixels(decoded, expected, name + " on a JFIF 4:2:0 image");
  }

  @Test
  void bothDecodersAgreeOnEveryAperioTile() {
    SvsFile svs = SvsFile.cmuSmallRegion();
    JpegDecoder turbo = JpegDecoders.named("turbo");
    JpegDecoder java = JpegDecoders.named("java");
    for (int i = 0; i < 130; i++) {
      for (boolean adobe : new boolean[] {true, false}) {
        byte[] jpeg = svs.completeTile(i, adobe);
        assertSamePixels(java.decode(jpeg, 0, jpeg.length, 1 << 20), turbo.decode(jpeg, 0, jpeg.length, 1 << 20),
            "tile " + i + (adobe ? " as RGB" : " as YCbCr"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"turbo", "java"})
  void theAdobeTransformDecidesWhetherColoursAreConverted(String name) {
    JpegDecoder decoder = JpegDecoders.named(name);
    SvsFile svs = SvsFile.cmuSmallRegion();
    byte[] rgb = svs.completeTile(0, true);
    byte[] ycc = svs.completeTile(0, false);
    RgbRaster asRgb = decoder.decode(rgb, 0, rgb.length, 1 << 20);
    RgbRaster asYcc = decoder.decode(ycc, 0, ycc.length, 1 << 20);
    // The top-left of the CMU slide is bright background: near grey as RGB, magenta-green as YCbCr.
    int p = asRgb.rgb(5, 5);
    assertThat(Math.abs((p >>> 16) - (p & 0xff))).as("background is near grey").isLessThan(30);
    assertThat(asYcc).isNotEqualTo(asRgb);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"turbo", "java"})
  void damagedStreamsAreTypedErrors(String name) {
    JpegDecoder decoder = JpegDecoders.named(name);
    byte[] good = SvsFile.cmuSmallRegion().completeTile(3, true);
    byte[] notJpeg = "GIF89a and so on".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> decoder.decode(notJpeg, 0, notJpeg.length, 1 << 20)).isInstanceOf(JpegException.class);
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    assertThatThrownBy(() -> decoder.decode(truncated, 0, truncated.length, 1 << 20))
        .isInstanceOf(JpegException.class);
    assertThatThrownBy(() -> decoder.decode(good, 0, good.length, RgbRaster.create(100, 100)))
        .isInstanceOf(JpegException.class).hasMessageContaining("240x240");
    assertThatThrownBy(() -> decoder.decode(good, 0, good.length, 1000))
        .isInstanceOf(JpegException.class).hasMessageContaining("larger than");
    // And the decoder is fine afterwards, on the same thread.
    assertThat(decoder.decode(good, 0, good.length, 1 << 20).width()).isEqualTo(240);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"turbo", "java"})
  void readsTheFrameHeaderAlone(String name) {
    byte[] good = SvsFile.cmuSmallRegion().completeTile(0, true);
    assertThat(JpegDecoders.named(name).readInfo(good, 0, good.length)).isEqualTo(new JpegInfo(240, 240, 3));
  }
}
