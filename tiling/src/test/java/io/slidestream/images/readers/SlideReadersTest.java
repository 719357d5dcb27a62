package io.slidestream.images.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.testdata.PixelAssert;
import io.slidestream.testdata.ReferenceTiffs;
import io.slidestream.testdata.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider choice among the real providers registered in META-INF/services. */
class SlideReadersTest {

  @Test
  void bothReadersAreRegisteredTiffFirst() {
    assertThat(SlideReaders.providers()).extracting(SlideReaderProvider::name).containsSubsequence("tiff", "openslide");
  }

  @Test
  void theTiffReaderOpensTheAperioSlide() {
    try (SlideReader r = SlideReaders.open(SharedData.cmuSmallRegion())) {
      assertThat(r.info().reader()).isEqualTo("tiff");
      assertThat(r.info().vendor()).isEqualTo("aperio");
    }
  }

  @Test
  void aReaderCanBeChosenByName() {
    try (SlideReader r = SlideReaders.open(SharedData.cmuSmallRegion(), "openslide")) {
      assertThat(r.info().reader()).isEqualTo("openslide");
    }
  }

  @Test
  void aTiffOnlyOpenSlideDecodesFallsBackToOpenSlide(@TempDir Path dir) {
    ReferenceTiffs.writeAll(dir);
    Path lzma = dir.resolve("lzma.tif");
    assertThatThrownBy(() -> SlideReaders.open(lzma, "tiff")).isInstanceOf(SlideException.Unsupported.class);
    try (SlideReader r = SlideReaders.open(lzma)) {
      assertThat(r.info().reader()).isEqualTo("openslide");
      assertThat(r.info().vendor()).isEqualTo("generic-tiff");
      RgbRaster all = r.readRegion(0, 0, 0, 400, 300);
      PixelAssert.assertSamePixels(all.data(), ReferenceTiffs.raw(dir, "lzma", 0), 400, "LZMA TIFF through OpenSlide");
    }
  }
}
