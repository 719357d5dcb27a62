package io.slidestream.images.readers.tiff;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.codec.jpeg.JpegDecoders;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.openslide.OpenSlideReaderProvider;
import io.slidestream.testdata.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The project's TIFF reader against OpenSlide on the real Aperio slide, pixel for pixel. */
class TiffSlideReaderTest {

  static final int TILE = 240;
  static Path svs;
  static SlideReader openslide;

  @BeforeAll
  static void openReference() {
    svs = SharedData.cmuSmallRegion();
    openslide = new OpenSlideReaderProvider().open(svs);
  }

  @AfterAll
  static void closeReference() {
    openslide.close();
  }

  static TiffSlideReader open(String decoder) {
    // No cache: every read below decodes its tiles.
    return TiffSlideReader.open(svs, "tiff", JpegDecoders.named(decoder), 0);
  }

  @Test
  void reportsTheSameSlideInfoAsOpenSlide() {
    try (TiffSlideReader tiff = open("turbo")) {
      SlideInfo info = tiff.info();
      assertThat(info.reader()).isEqualTo("tiff");
      assertThat(info.withReader("openslide")).isEqualTo(openslide.info());
      assertThat(info.vendor()).isEqualTo("aperio");
      assertThat(info.levels()).containsExactly(new PyramidLevel(2220, 2967, 1.0, 240, 240));
      assertThat(info.micronsPerPixelX()).isEqualTo(0.499);
      assertThat(info.micronsPerPixelY()).isEqualTo(0.499);
      assertThat(info.objectivePower()).isEqualTo(20.0);
    }
  }

  @ParameterizedTest(name = "{0} decoder")
  @ValueSource(strings = {"turbo", "java"})
  void everyTileEqualsOpenSlide(String decoder) {
    try (TiffSlideReader tiff = open(decoder)) {
      assertThat(tiff.jpegDecoder()).isEqualTo(decoder);
      int tiles = 0;
      for (int ty = 0; ty * TILE < 2967; ty++) {
        for (int tx = 0; tx * TILE < 2220; tx++) {
          int w = Math.min(TILE, 2220 - tx * TILE);
          int h = Math.min(TILE, 2967 - ty * TILE);
          RgbRaster mine = tiff.readRegion(0, tx * TILE, ty * TILE, w, h);
          RgbRaster theirs = openslide.readRegion(0, tx * TILE, ty * TILE, w, h);
          assertSamePixels(mine, theirs, decoder + " tile (" + tx + "," + ty + ")");
          tiles++;
        }
      }
      assertThat(tiles).isEqualTo(10 * 13);
    }
  }

  @ParameterizedTest(name = "{0} decoder")
  @ValueSource(strings = {"turbo", "java"})
  void unalignedRegionsAcrossTilesAndTheSlideEdgeEqualOpenSlide(String decoder) {
    long[][] regions = {
        {100, 100, 500, 300},      // spans 3 x 2 tiles
        {239, 239, 2, 2},          // the corner of four tiles
        {2100, 2800, 300, 300},    // past the right and bottom edges
        {-50, -70, 200, 200},      // before the top-left corner
        {2219, 2966, 5, 5},        // the last pixel and beyond
        {5000, 100, 40, 30},       // wholly outside
    };
    try (TiffSlideReader tiff = open(decoder)) {
      for (long[] r : regions) {
        RgbRaster mine = tiff.readRegion(0, r[0], r[1], (int) r[2], (int) r[3]);
        RgbRaster theirs = openslide.readRegion(0, r[0], r[1], (int) r[2], (int) r[3]);
        assertSamePixels(mine, theirs, decoder + " region " + java.util.Arrays.toString(r));
      }
      RgbRaster edge = tiff.readRegion(0, 2100, 2800, 300, 300);
      assertThat(edge.rgb(120 + 10, 0)).as("right of the slide").isEqualTo(0xFFFFFF);
      assertThat(edge.rgb(0, 167 + 10)).as("below the slide").isEqualTo(0xFFFFFF);
      assertThat(edge.rgb(50, 50)).as("inside the slide").isNotEqualTo(0xFFFFFF);
      RgbRaster before = tiff.readRegion(0, -50, -70, 200, 200);
      assertThat(before.rgb(10, 10)).isEqualTo(0xFFFFFF);
      assertThat(tiff.readRegion(0, 5000, 100, 40, 30)).isEqualTo(RgbRaster.filled(40, 30, 0xFFFFFF));
    }
  }

  @Test
  void concurrentReadsGiveTheSamePixelsAsOneThread() throws Exception {
    Random random = new Random(7);
    List<long[]> regions = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      regions.add(new long[] {random.nextInt(2400) - 100, random.nextInt(3100) - 100, 64 + random.nextInt(400), 64 + random.nextInt(400)});
    }
    try (TiffSlideReader tiff = TiffSlideReader.open(svs, "tiff", JpegDecoders.preferred(), 4 << 20)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<RgbRaster>> results = new ArrayList<>();
        for (long[] r : regions) {
          results.add(pool.submit(() -> tiff.readRegion(0, r[0], r[1], (int) r[2], (int) r[3])));
        }
        for (int i = 0; i < regions.size(); i++) {
          long[] r = regions.get(i);
          assertSamePixels(results.get(i).get(), openslide.readRegion(0, r[0], r[1], (int) r[2], (int) r[3]),
              "concurrent region " + i);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aClosedReaderRefusesToRead() {
    TiffSlideReader tiff = open("turbo");
    tiff.close();
    tiff.close();
    assertThatThrownBy(() -> tiff.readRegion(0, 0, 0, 10, 10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void refusesLevelsThatDoNotExistAndNegativeSizes() {
    try (TiffSlideReader tiff = open("turbo")) {
      assertThatThrownBy(() -> tiff.readRegion(1, 0, 0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> tiff.readRegion(0, 0, 0, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
