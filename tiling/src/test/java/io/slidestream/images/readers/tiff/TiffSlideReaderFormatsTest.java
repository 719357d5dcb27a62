package io.slidestream.images.readers.tiff;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.openslide.OpenSlideReaderProvider;
import io.slidestream.testdata.ReferenceTiffs;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pyramids written by tifffile (another writer than ours) in each layout and encoding the reader
 * supports: every level must come back exactly as written, with the resolution written.
 */
class TiffSlideReaderFormatsTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeReferenceTiffs() {
    ReferenceTiffs.writeAll(dir);
  }

  static SlideReader open(String name) {
    return new TiffSlideReaderProvider().open(dir.resolve(name));
  }

  static RgbRaster wholeLevel(SlideReader reader, int level) {
    PyramidLevel l = reader.info().level(level);
    return reader.readRegion(level, 0, 0, (int) l.width(), (int) l.height());
  }

  @Test
  void bigTiffGenericPyramidWithDeflateLzwAndUncompressedLevels() {
    try (SlideReader tiff = open("generic.tif"); SlideReader openslide = new OpenSlideReaderProvider().open(dir.resolve("generic.tif"))) {
      SlideInfo info = tiff.info();
      assertThat(info.vendor()).isEqualTo("generic-tiff");
      assertThat(info.levels()).extracting(PyramidLevel::width, PyramidLevel::height, PyramidLevel::tileWidth)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1000L, 777L, 128),
              org.assertj.core.groups.Tuple.tuple(500L, 389L, 64),
              org.assertj.core.groups.Tuple.tuple(250L, 195L, 32),
              org.assertj.core.groups.Tuple.tuple(125L, 98L, 16));
      // Downsamples as OpenSlide computes them (the mean of the width and height ratios).
      assertThat(info.levels()).isEqualTo(openslide.info().levels());
      assertThat(info.level(1).downsample()).isCloseTo((2.0 + 777.0 / 389) / 2, within(1e-12));
      assertThat(info.micronsPerPixelX()).isCloseTo(0.5, within(1e-9));
      assertThat(info.micronsPerPixelY()).isCloseTo(0.5, within(1e-9));
      assertThat(info.objectivePower()).isNull();
      for (int level = 0; level < 4; level++) {
        RgbRaster mine = wholeLevel(tiff, level);
        assertSamePixels(mine.data(), ReferenceTiffs.raw(dir, "generic", level), mine.width(), "generic level " + level);
        // libtiff (through OpenSlide) decodes the same file to the same pixels; OpenSlide 3.4.1
        // misjudges the byte counts of small uncompressed tiles, so level 2 is left out there.
        if (level != 2) {
          assertSamePixels(wholeLevel(openslide, level), mine, "OpenSlide, generic level " + level);
        }
      }
      RgbRaster region = tiff.readRegion(0, 61, 97, 300, 200);
      RgbRaster whole = wholeLevel(tiff, 0);
      assertSamePixels(region, whole.crop(61, 97, 300, 200), "unaligned region of level 0");
    }
  }

  @Test
  void classicBigEndianGreyPyramidWithResolutionInInches() {
    try (SlideReader tiff = open("grey-be.tif")) {
      SlideInfo info = tiff.info();
      assertThat(info.vendor()).isEqualTo("generic-tiff");
      assertThat(info.levelCount()).isEqualTo(2);
      assertThat(info.level(1)).isEqualTo(new PyramidLevel(300, 200, 2.0, 64, 64));
      assertThat(info.micronsPerPixelX()).isCloseTo(0.5, within(1e-9));
      for (int level = 0; level < 2; level++) {
        RgbRaster mine = wholeLevel(tiff, level);
        assertSamePixels(mine.data(), ReferenceTiffs.greyToRgb(ReferenceTiffs.raw(dir, "grey-be", level)),
            mine.width(), "grey level " + level);
      }
    }
  }

  @Test
  void omeTiffPyramidInSubIfds() {
    try (SlideReader tiff = open("ome.ome.tif")) {
      SlideInfo info = tiff.info();
      assertThat(info.vendor()).isEqualTo("ome-tiff");
      assertThat(info.levels()).containsExactly(
          new PyramidLevel(800, 600, 1.0, 128, 128),
          new PyramidLevel(400, 300, 2.0, 64, 64),
          new PyramidLevel(200, 150, 4.0, 32, 48));
      assertThat(info.micronsPerPixelX()).as("250 nm").isCloseTo(0.25, within(1e-12));
      assertThat(info.micronsPerPixelY()).as("0.26 µm").isCloseTo(0.26, within(1e-12));
      for (int level = 0; level < 3; level++) {
        RgbRaster mine = wholeLevel(tiff, level);
        assertSamePixels(mine.data(), ReferenceTiffs.raw(dir, "ome", level), mine.width(), "OME level " + level);
      }
      // A region of level 2 given, as always, in level-0 coordinates.
      RgbRaster region = tiff.readRegion(2, 4 * 50, 4 * 40, 90, 70);
      assertSamePixels(region, wholeLevel(tiff, 2).crop(50, 40, 90, 70), "OME level 2 region");
    }
  }

  @Test
  void anUnsupportedCompressionIsRefusedByName() {
    assertThatThrownBy(() -> open("lzma.tif"))
        .isInstanceOf(SlideException.Unsupported.class)
        .hasMessageContaining("LZMA (34925)");
  }
}
