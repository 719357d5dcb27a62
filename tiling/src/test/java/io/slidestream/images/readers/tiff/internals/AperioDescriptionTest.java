package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AperioDescriptionTest {

  @Test
  void readsResolutionAndMagnificationOnly() {
    String d = "Aperio Image Library v11.2.1 \r\n46000x32914 [42673,5576 2220x2967] (240x240) JPEG/RGB Q=30"
        + "|AppMag = 20|StripeWidth = 2040|User = someone|MPP = 0.4990|Filename = CMU-1";
    assertThat(AperioDescription.isAperio(d)).isTrue();
    AperioDescription a = AperioDescription.parse(d);
    assertThat(a.micronsPerPixel()).isEqualTo(0.499);
    assertThat(a.objectivePower()).isEqualTo(20.0);
  }

  @Test
  void missingOrBadValuesAreNull() {
    AperioDescription a = AperioDescription.parse("Aperio Image Library|MPP = n/a");
    assertThat(a.micronsPerPixel()).isNull();
    assertThat(a.objectivePower()).isNull();
    assertThat(AperioDescription.isAperio("<OME/>")).isFalse();
  }
}
