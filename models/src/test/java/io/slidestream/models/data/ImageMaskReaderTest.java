package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageMaskReaderTest {

  @Test
  void readsARealGlasPairThroughTheProtocolsValueRanges() throws IOException {
    ImageMaskPair pair = Glas.pair(1);
    TrainingSample s = new ImageMaskReader(Glas.protocol()).read(pair);
    assertThat(s.id()).isEqualTo("train_1");
    assertThat(s.width()).isEqualTo(775);
    assertThat(s.height()).isEqualTo(522);
    assertThat(s.classCount()).isEqualTo(2);
    // Against the files read independently: every gland instance id is class 1, 0 is class 0.
    Raster mask = ImageIO.read(pair.mask().toFile()).getRaster();
    BufferedImage image = ImageIO.read(pair.image().toFile());
    int glands = 0;
    int maxInstance = 0;
    for (int y = 0; y < 522; y++) {
      for (int x = 0; x < 775; x++) {
        int raw = mask.getSample(x, y, 0);
        maxInstance = Math.max(maxInstance, raw);
        int cls = raw > 0 ? 1 : 0;
        glands += cls;
        assertThat(s.labels().get(x, y)).isEqualTo(1L << cls);
        assertThat(s.reference().orElseThrow().get(x, y)).isEqualTo(cls);
        assertThat(s.image().rgb(x, y)).isEqualTo(image.getRGB(x, y) & 0xffffff);
      }
    }
    assertThat(maxInstance).isGreaterThan(1);
    assertThat(glands).isBetween(522 * 775 / 10, 522 * 775 * 9 / 10);
  }

  @Test
  void aValueTheProtocolDoesNotListIsAnError() {
    var onlyFive = LabelingProtocolConfig.parse("""
        classes = [ { name = background, color = "#ffffff" }, { name = gland, color = "#c80000" } ]
        values { 0 = background, "1-5" = gland }
        """);
    assertThatThrownBy(() -> new ImageMaskReader(onlyFive).read(Glas.pair(1)))
        .isInstanceOf(AnnotationException.UnknownLabel.class).hasMessageContaining("train_1.png: label value");
  }
}
