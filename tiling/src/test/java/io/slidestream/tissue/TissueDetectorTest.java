package io.slidestream.tissue;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.testdata.SharedData;
import org.junit.jupiter.api.Test;

class TissueDetectorTest {

  /** A pink tissue disc with a small unstained hole, grey dust and a pale glass background. */
  static RgbRaster scene() {
    RgbRaster r = RgbRaster.filled(200, 200, 0xf2f2f0);
    java.util.Random noise = new java.util.Random(7);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 200; x++) {
        double d = Math.hypot(x - 100, y - 100);
        int jitter = noise.nextInt(9) - 4;
        if (d < 60 && Math.hypot(x - 110, y - 95) > 3) {
          r.setRgb(x, y, (0xd0 + jitter) << 16 | (0x70 + jitter) << 8 | (0xb0 + jitter));
        } else {
          int g = 0xf0 + jitter;
          r.setRgb(x, y, g << 16 | g << 8 | (g - 2));
        }
      }
    }
    for (int y = 20; y < 23; y++) {
      for (int x = 20; x < 23; x++) {
        r.setRgb(x, y, 0x808080); // dark but grey: dust, not stain
      }
    }
    for (int y = 180; y < 182; y++) {
      for (int x = 30; x < 32; x++) {
        r.setRgb(x, y, 0xc060a0); // a stained speck smaller than the minimum region
      }
    }
    return r;
  }

  @Test
  void findsStainedTissueDropsDustAndSpecksAndFillsSmallHoles() {
    TissueDetector detector = new TissueDetector(TissueDetector.Settings.defaults());
    BinaryMask mask = detector.detect(scene(), 8.0);
    assertThat(mask.get(100, 100)).isTrue();
    assertThat(mask.get(110, 95)).as("small unstained hole filled").isTrue();
    assertThat(mask.get(21, 21)).as("grey dust").isFalse();
    assertThat(mask.get(30, 180)).as("stained speck below the minimum region").isFalse();
    assertThat(mask.get(5, 5)).isFalse();
    double disc = Math.PI * 60 * 60;
    assertThat((double) mask.count()).isBetween(disc * 0.95, disc * 1.05);
  }

  /** Fat: pale, nearly unsaturated cells whose thin membranes make the area textured, unlike glass. */
  @Test
  void texturedButUnsaturatedFatCountsAsTissue() {
    RgbRaster r = RgbRaster.filled(120, 120, 0xf2f2f0);
    for (int y = 20; y < 100; y++) {
      for (int x = 20; x < 100; x++) {
        boolean membrane = x % 6 == 0 || y % 6 == 0;
        r.setRgb(x, y, membrane ? 0xd8c8d0 : 0xf6f4f4);
      }
    }
    TissueDetector.Settings on = TissueDetector.Settings.defaults();
    assertThat(new TissueDetector(on).detect(r, 8.0).get(60, 60)).isTrue();
    TissueDetector.Settings off = new TissueDetector.Settings(on.thumbnailMicronsPerPixel(), on.thumbnailMaxSize(),
        on.minSaturation(), on.maxBrightness(), 0, on.closingMicrons(), on.minRegionMicrons2(), on.maxHoleMicrons2());
    assertThat(new TissueDetector(off).detect(r, 8.0).get(60, 60)).as("saturation alone misses fat").isFalse();
  }

  @Test
  void realSlideTissueIsFoundAndItsGlassCornersAreNot() {
    try (SlideReader reader = SlideReaders.open(SharedData.cmuSmallRegion())) {
      TissueMask t = new TissueDetector(TissueDetector.Settings.defaults()).detect(reader);
      // Looked at: the biopsy covers a little under half of this region; the left and right
      // margins are empty glass.
      assertThat(t.tissueFraction()).isBetween(0.35, 0.55);
      assertThat(t.fraction(0, 0, 300, 300)).isZero();
      assertThat(t.fraction(1900, 0, 300, 300)).isZero();
      assertThat(t.fraction(900, 2200, 300, 300)).isGreaterThan(0.9);
    }
  }

  @Test
  void anEmptyGlassSlideHasNoTissue() {
    RgbRaster glass = RgbRaster.filled(100, 100, 0xf0f0ee);
    assertThat(new TissueDetector(TissueDetector.Settings.defaults()).detect(glass, 8.0).count()).isZero();
  }

  @Test
  void maskFractionsUseLevelZeroCoordinates() {
    BinaryMask m = new BinaryMask(4, 4);
    m.set(0, 0, true);
    m.set(1, 0, true);
    TissueMask t = new TissueMask(m, 10);
    assertThat(t.fraction(0, 0, 20, 10)).isEqualTo(1.0);
    assertThat(t.fraction(0, 0, 40, 20)).isEqualTo(2.0 / 8);
    assertThat(t.fraction(100, 100, 20, 20)).as("outside the slide").isZero();
    assertThat(t.tissueFraction()).isEqualTo(2.0 / 16);
  }

  @Test
  void anEdgeTileFullOfTissueScoresOneNotTheShareOnTheSlide() {
    BinaryMask m = new BinaryMask(10, 10);
    for (int y = 0; y < 10; y++) {
      m.set(9, y, true); // tissue along the right edge
    }
    TissueMask t = new TissueMask(m, 10);
    // A 50-pixel-wide core starting at x = 90: only its first 10 pixels lie on the slide.
    assertThat(t.fraction(90, 0, 50, 50)).isEqualTo(1.0);
  }
}
