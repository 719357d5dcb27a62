package io.slidestream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.tiles.TileGrid;
import io.slidestream.tiles.TilePatch;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TileSourceTest {

  static ActorSystem system;
  static ExecutorService readers;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("tile-source-test");
    readers = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() throws Exception {
    readers.shutdownNow();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Paints each region with its own level-0 corner so the test can check what was read. */
  static final class CountingReader implements SlideReader {
    final AtomicInteger started = new AtomicInteger();
    final SlideInfo info = new SlideInfo("counting", "test",
        List.of(new PyramidLevel(4096, 2048, 1, 256, 256)), 0.5, 0.5, null);

    @Override
    public SlideInfo info() {
      return info;
    }

    @Override
    public RgbRaster readRegion(int level, long x, long y, int width, int height) {
      started.incrementAndGet();
      return RgbRaster.filled(width, height, (int) ((x / 64 + 1000) * 4096 + (y / 64 + 1000)) & 0xffffff);
    }

    @Override
    public void close() {}
  }

  @Test
  void emitsEveryTileInGridOrderWithItsPixels() throws Exception {
    CountingReader reader = new CountingReader();
    TileGrid grid = TileGrid.builder(reader.info()).downsample(1).tileSize(256).halo(64).build();
    List<TilePatch> patches = TileSource.of(reader, grid, 3, readers)
        .runWith(Sink.seq(), system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(patches).hasSize(grid.tiles().size()).hasSize(16 * 8);
    for (int i = 0; i < patches.size(); i++) {
      TilePatch p = patches.get(i);
      assertThat(p.tile().index()).isEqualTo(i);
      assertThat(p.pixels().width()).isEqualTo(384);
      assertThat(p.pixels().rgb(0, 0)).isEqualTo(
          (int) ((p.tile().x() / 64 + 1000) * 4096 + (p.tile().y() / 64 + 1000)) & 0xffffff);
    }
  }

  @Test
  void readsNeverRunMoreThanParallelismAheadOfASlowConsumer() throws Exception {
    CountingReader reader = new CountingReader();
    TileGrid grid = TileGrid.builder(reader.info()).downsample(1).tileSize(256).build();
    int parallelism = 3;
    AtomicInteger consumed = new AtomicInteger();
    AtomicInteger maxAhead = new AtomicInteger();
    TileSource.of(reader, grid, parallelism, readers)
        .runWith(Sink.foreach(p -> {
          int c = consumed.incrementAndGet();
          maxAhead.accumulateAndGet(reader.started.get() - c, Math::max);
          Thread.sleep(3);
        }), system)
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(consumed.get()).isEqualTo(grid.tiles().size());
    assertThat(maxAhead.get()).as("reads started but not yet consumed").isLessThanOrEqualTo(parallelism);
    assertThat(maxAhead.get()).as("the reads did run ahead, in parallel").isGreaterThanOrEqualTo(1);
  }
}
