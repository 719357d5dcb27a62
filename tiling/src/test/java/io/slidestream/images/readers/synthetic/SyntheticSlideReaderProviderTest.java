package io.slidestream.images.readers.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaderProvider;
import io.slidestream.images.readers.SlideReaders;
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

class SyntheticSlideReaderProviderTest {

  @TempDir
  Path dir;

  Path spec(String json) throws IOException {
    Path p = dir.resolve("slide.synthetic.json");
    Files.writeString(p, json);
    return p;
  }

  @Test
  void isFoundByServiceLoaderAndOpensASpecFileRenderingOnTheFly() throws Exception {
    SlideReaderProvider p = SlideReaders.provider("synthetic");
    assertThat(p.priority()).isEqualTo(10);
    assertThat(p.isAvailable()).isTrue();
    Path file = spec("{\"width\": 30000, \"height\": 20000, \"seed\": 4, \"micronsPerPixel\": 0.25, \"tileSize\": 256}");
    assertThat(p.canOpen(file)).isTrue();
    assertThat(p.canOpen(dir.resolve("slide.json"))).isFalse();
    try (SlideReader r = SlideReaders.open(file)) {
      SlideInfo info = r.info();
      assertThat(info.reader()).isEqualTo("synthetic");
      assertThat(info.micronsPerPixelX()).isEqualTo(0.25);
      assertThat(info.objectivePower()).isEqualTo(20.0);
      assertThat(info.levels()).extracting(l -> l.width() + "x" + l.height())
          .containsExactly("30000x20000", "7500x5000", "1875x1250", "469x313", "118x79");
      SyntheticSlide same = SyntheticSlide.of(new SyntheticSlideSpec(30000, 20000, 4, 0.25, 20, 256, 4, 0.6, 0.01, 90));
      assertThat(r.readRegion(0, 12000, 9000, 300, 200)).isEqualTo(same.render(0, 12000, 9000, 300, 200));
      assertThat(r.readRegion(2, 0, 0, 100, 80)).isEqualTo(same.render(2, 0, 0, 100, 80));
      RgbRaster edge = r.readRegion(0, 29990, 19990, 20, 20);
      assertThat(edge.rgb(15, 15)).isEqualTo(0xffffff);
      assertThat(r.thumbnail(200).width()).isEqualTo(200);

      // Concurrent reads of different regions give what single reads give.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<RgbRaster>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          long x = 5000 + i * 700L;
          futures.add(pool.submit(() -> r.readRegion(0, x, 8000, 256, 256)));
        }
        for (int i = 0; i < 8; i++) {
          assertThat(futures.get(i).get()).isEqualTo(same.render(0, 5000 + i * 700L, 8000, 256, 256));
        }
      } finally {
        pool.shutdown();
      }
      assertThatThrownBy(() -> r.readRegion(5, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> r.readRegion(0, 0, 0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> r.readRegion(0, 0, 0, 100_000, 100_000)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void specsRoundTripThroughTheFileFormat() throws IOException {
    SyntheticSlideSpec s = new SyntheticSlideSpec(1234, 567, -9, 0.3, 40, 512, 2, 0.4, 0.02, 80);
    Path file = dir.resolve("rt.synthetic.json");
    io.slidestream.testdata.PendingFileChecks.abandonedPart(file);
    SyntheticSlideReaderProvider.writeSpec(s, file);
    assertThat(SyntheticSlideReaderProvider.readSpec(file)).isEqualTo(s);
    io.slidestream.testdata.PendingFileChecks.onlyFiles(dir, file);
  }

  @Test
  void badSpecFilesGiveTypedErrors() throws IOException {
    SlideReaderProvider p = new SyntheticSlideReaderProvider();
    assertThatThrownBy(() -> p.open(spec("{\"width\": 100, ")))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> p.open(spec("[1, 2]")))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> p.open(spec("{\"width\": 100, \"height\": 100}")))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("seed");
    assertThatThrownBy(() -> p.open(spec("{\"width\": 100, \"height\": 100, \"seed\": 1, \"tileSize\": 300}")))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("tileSize must be 256 or 512");
    assertThatThrownBy(() -> p.open(spec("{\"width\": 100, \"height\": 100, \"seed\": 1, \"colour\": 3}")))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("colour");
    assertThatThrownBy(() -> p.open(spec("{\"width\": 1e12, \"height\": 100, \"seed\": 1}")))
        .isInstanceOf(SlideException.TooLarge.class);
    Path big = dir.resolve("big.synthetic.json");
    Files.write(big, new byte[100_000]);
    assertThatThrownBy(() -> p.open(big)).isInstanceOf(SlideException.TooLarge.class);
    assertThatThrownBy(() -> SlideReaders.open(dir.resolve("missing.synthetic.json")))
        .isInstanceOf(SlideException.NotFound.class);
  }
}
