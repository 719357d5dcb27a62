package io.slidestream.images.readers.tiff;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.images.readers.openslide.OpenSlideReaderProvider;
import io.slidestream.testdata.ReferenceTiffs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Label and macro images (which show the patient's label) stored beside the pyramid, tiled or in
 * strips: they must never become a level, so no read at any resolution can return their pixels.
 * The fixtures' macros are pure green and labels pure blue, colours the slides never contain.
 */
class TiffSlideReaderAssociatedImagesTest {

  static final int GREEN = 0x00ff00;
  static final int BLUE = 0x0000ff;
  static final double[] DOWNSAMPLES = {1, 1.5, 2, 3, 4, 4.88, 6, 8, 12, 16, 24, 32, 64};

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeFixtures() {
    ReferenceTiffs.write(dir, ReferenceTiffs.ASSOCIATED_IMAGES_SCRIPT);
  }

  static SlideReader open(String name) {
    return new TiffSlideReaderProvider().open(dir.resolve(name));
  }

  @Test
  void genericTiffLevelsAreTheFirstPageAndThePagesFlaggedReduced() {
    try (SlideReader reader = open("generic-flagged.tif")) {
      SlideInfo info = reader.info();
      assertThat(info.vendor()).isEqualTo("generic-tiff");
      assertThat(info.levels()).containsExactly(
          new PyramidLevel(2048, 1024, 1.0, 256, 256),
          new PyramidLevel(512, 256, 4.0, 128, 128),
          new PyramidLevel(128, 64, 16.0, 64, 64));
      assertThat(info.micronsPerPixelX()).isCloseTo(0.5, within(1e-9));
      assertLevelsAreTheSlide(reader, "generic-flagged");
      assertNoAssociatedPixelsAtAnyDownsample(reader);
    }
  }

  @Test
  void genericTiffWithoutFlagsKeepsOnlyPagesOfTheSlidesAspectRatio() {
    try (SlideReader reader = open("generic-unflagged.tif")) {
      assertThat(reader.info().levels()).extracting(PyramidLevel::width, PyramidLevel::height)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1536L, 768L),
              org.assertj.core.groups.Tuple.tuple(768L, 384L),
              org.assertj.core.groups.Tuple.tuple(192L, 96L));
      assertLevelsAreTheSlide(reader, "generic-unflagged");
      assertNoAssociatedPixelsAtAnyDownsample(reader);
    }
  }

  @Test
  void aperioLabelAndMacroAreNeverLevelsEvenWhenTiledAndFlaggedReduced() {
    try (SlideReader reader = open("aperio-like.svs")) {
      SlideInfo info = reader.info();
      assertThat(info.vendor()).isEqualTo("aperio");
      assertThat(info.levels()).containsExactly(
          new PyramidLevel(2048, 1024, 1.0, 256, 256),
          new PyramidLevel(512, 256, 4.0, 128, 128));
      assertThat(info.micronsPerPixelX()).isEqualTo(0.5);
      assertThat(info.objectivePower()).isEqualTo(20.0);
      assertLevelsAreTheSlide(reader, "aperio-like");
      assertNoAssociatedPixelsAtAnyDownsample(reader);
    }
  }

  @Test
  void leicaScnIsLeftToOpenSlideWhichKeepsItsMacroOutOfTheLevels() {
    Path scn = dir.resolve("scn-like.scn");
    assertThatThrownBy(() -> open("scn-like.scn"))
        .isInstanceOf(SlideException.Unsupported.class).hasMessageContaining("Leica SCN");
    try (SlideReader reader = SlideReaders.open(scn)) {
      SlideInfo info = reader.info();
      assertThat(info.reader()).isEqualTo(OpenSlideReaderProvider.NAME);
      assertThat(info.vendor()).isEqualTo("leica");
      assertThat(info.levelCount()).isEqualTo(3);
      // The main image sits at (200, 300) of the 2000 x 4000 px glass; around it is white.
      RgbRaster main = reader.readRegion(0, 200, 300, 1024, 512);
      assertSamePixels(main.data(), ReferenceTiffs.raw(dir, "scn-like", 0), 1024, "SCN main image through OpenSlide");
      assertNoAssociatedPixelsAtAnyDownsample(reader);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "ventana-like.bif, Ventana",
      "philips-like.tiff, Philips",
      "ndpi-like.ndpi, Hamamatsu NDPI"})
  void otherVendorsMultiImageLayoutsAreRefusedAsUnsupported(String file, String vendor) {
    // Their first page is a macro here, as in a Ventana BIF: read as a generic TIFF it would be level 0.
    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SlideException.Unsupported.class).hasMessageContaining(vendor);
  }

  static void assertLevelsAreTheSlide(SlideReader reader, String name) {
    List<PyramidLevel> levels = reader.info().levels();
    for (int i = 0; i < levels.size(); i++) {
      PyramidLevel l = levels.get(i);
      RgbRaster whole = reader.readRegion(i, 0, 0, (int) l.width(), (int) l.height());
      assertSamePixels(whole.data(), ReferenceTiffs.raw(dir, name, i), whole.width(), name + " level " + i);
    }
  }

  static void assertNoAssociatedPixelsAtAnyDownsample(SlideReader reader) {
    SlideInfo info = reader.info();
    for (double d : DOWNSAMPLES) {
      int w = (int) Math.ceil(info.width() / d);
      int h = (int) Math.ceil(info.height() / d);
      assertNoAssociatedPixels(reader.readRegionAtDownsample(d, 0, 0, w, h), "downsample " + d);
    }
    assertNoAssociatedPixels(reader.thumbnail(300), "thumbnail");
  }

  static void assertNoAssociatedPixels(RgbRaster r, String what) {
    byte[] d = r.data();
    for (int i = 0; i < d.length; i += 3) {
      int rgb = (d[i] & 0xff) << 16 | (d[i + 1] & 0xff) << 8 | d[i + 2] & 0xff;
      if (rgb == GREEN || rgb == BLUE) {
        fail(String.format("%s: pixel (%d, %d) is %06x, the %s's colour", what, (i / 3) % r.width(),
            (i / 3) / r.width(), rgb, rgb == GREEN ? "macro" : "label"));
      }
    }
  }
}
