package io.slidestream.images.readers.openslide;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.testdata.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenSlide reader on the real Aperio slide, through the system's libopenslide. */
class OpenSlideReaderTest {

  final OpenSlideReaderProvider provider = new OpenSlideReaderProvider();

  @Test
  void theLibraryLoadsByItsSoname() {
    assertThat(provider.isAvailable()).as("libopenslide.so.0 must be installed (apt-get install libopenslide0)").isTrue();
    assertThat(provider.name()).isEqualTo("openslide");
    assertThat(provider.priority()).isEqualTo(50);
  }

  @Test
  void reportsOnlyTheSlideInfoTilingNeeds() {
    try (SlideReader r = provider.open(SharedData.cmuSmallRegion())) {
      SlideInfo info = r.info();
      assertThat(info).isEqualTo(new SlideInfo("openslide", "aperio",
          List.of(new PyramidLevel(2220, 2967, 1.0, 240, 240)), 0.499, 0.499, 20.0));
    }
  }

  @Test
  void regionsOutsideTheSlideAreWhiteAndInsideIsTissue() {
    try (SlideReader r = provider.open(SharedData.cmuSmallRegion())) {
      RgbRaster edge = r.readRegion(0, 2200, 2950, 40, 40);
      assertThat(edge.rgb(5, 5)).as("inside").isNotEqualTo(0xFFFFFF);
      assertThat(edge.rgb(30, 5)).as("right of the slide").isEqualTo(0xFFFFFF);
      assertThat(edge.rgb(5, 30)).as("below the slide").isEqualTo(0xFFFFFF);
      assertThat(r.readRegion(0, -100, -100, 50, 50)).isEqualTo(RgbRaster.filled(50, 50, 0xFFFFFF));
      assertThat(r.readRegion(0, 0, 0, 0, 5).width()).isZero();
    }
  }

  @Test
  void concurrentReadsOnOneHandleEqualSequentialOnes() throws Exception {
    try (SlideReader r = provider.open(SharedData.cmuSmallRegion())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<RgbRaster>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          int x = i * 120;
          futures.add(pool.submit(() -> r.readRegion(0, x, x, 256, 256)));
        }
        for (int i = 0; i < 16; i++) {
          assertSamePixels(futures.get(i).get(), r.readRegion(0, i * 120, i * 120, 256, 256), "region " + i);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closeIsIdempotentAndLaterReadsFailClearly() {
    SlideReader r = provider.open(SharedData.cmuSmallRegion());
    r.close();
    r.close();
    assertThatThrownBy(() -> r.readRegion(0, 0, 0, 8, 8)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void badFilesGiveTypedErrors(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> provider.open(dir.resolve("missing.svs"))).isInstanceOf(SlideException.NotFound.class);
    Path text = Files.writeString(dir.resolve("text.svs"), "not a slide");
    assertThat(provider.canOpen(text)).isFalse();
    assertThatThrownBy(() -> provider.open(text)).isInstanceOf(SlideException.Unsupported.class)
        .hasMessageContaining("does not recognise");
    byte[] svs = Files.readAllBytes(SharedData.cmuSmallRegion());
    Path half = Files.write(dir.resolve("half.svs"), java.util.Arrays.copyOf(svs, svs.length / 2));
    // OpenSlide cannot tell a cut SVS from a foreign file: its vendor detection fails, so the
    // error is Unsupported (the tiff reader, tried first, reports it as Corrupt).
    assertThat(provider.canOpen(half)).isFalse();
    assertThatThrownBy(() -> provider.open(half)).isInstanceOf(SlideException.Unsupported.class);
  }
}
