package io.slidestream.service.pipeline;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.tiles.Tile;
import io.slidestream.tiles.TileGrid;
import io.slidestream.tiles.TilePatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A slide's tiles as a Pekko Streams source with backpressure. Reads run on the given executor
 * (slide reading blocks on I/O and decoding, so it must not run on the stream's dispatcher), at
 * most {@code parallelism} at a time, and a read starts only when the consumer has room: the
 * source holds at most {@code parallelism} patches that the consumer has not taken. Patches come
 * out in grid order.
 */
public final class TileSource {

  private TileSource() {}

  public static Source<TilePatch, NotUsed> of(SlideReader reader, TileGrid grid, int parallelism, Executor executor) {
    return of(reader, grid, parallelism, executor, 1);
  }

  /**
   * Each tile's patch read {@code scale} times finer than the grid: the same area, {@code
   * patchSize · scale} pixels a side, for a model that reads finer than it labels (a compound
   * model's first network).
   */
  public static Source<TilePatch, NotUsed> of(SlideReader reader, TileGrid grid, int parallelism, Executor executor,
      int scale) {
    return of(reader, grid, parallelism, executor, scale, nanos -> {});
  }

  /** As {@link #of(SlideReader, TileGrid, int, Executor, int)}, telling {@code readNanos} how long each read took. */
  public static Source<TilePatch, NotUsed> of(SlideReader reader, TileGrid grid, int parallelism, Executor executor,
      int scale, LongConsumer readNanos) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    int patch = grid.patchSize() * scale;
    double downsample = grid.downsample() / scale;
    return Source.from(grid.tiles())
        .mapAsync(parallelism, tile -> CompletableFuture.supplyAsync(() -> {
          long start = System.nanoTime();
          RgbRaster pixels = read(reader, downsample, tile, patch);
          readNanos.accept(System.nanoTime() - start);
          return new TilePatch(tile, pixels);
        }, executor))
        // Without this the stage's default input buffer would let reads run further ahead.
        .withAttributes(Attributes.inputBuffer(1, 1));
  }

  private static RgbRaster read(SlideReader reader, double downsample, Tile tile, int patch) {
    return reader.readRegionAtDownsample(downsample, tile.x(), tile.y(), patch, patch);
  }
}
