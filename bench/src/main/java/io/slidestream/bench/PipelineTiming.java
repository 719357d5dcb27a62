package io.slidestream.bench;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.PipelineSettings;
import io.slidestream.service.pipeline.SlideJobRunner;
import io.slidestream.service.pipeline.TileLayout;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.TileRecord;
import io.slidestream.tiles.Tile;
import io.slidestream.tiles.TileGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The two timings of {@code bench pipeline}, in one process on one model instance: a job run end
 * to end through the runner (open, tissue, read, batch, infer, stitch, publish, mask record), and
 * the model alone over the very patches that job ran through the network, read into memory first
 * (what inference costs with nothing else to do).
 */
final class PipelineTiming {

  /** Patches the pure-inference pass holds in memory; more would measure the garbage collector. */
  static final long MAX_PRELOADED_BYTES = 1L << 30;

  private PipelineTiming() {}

  /**
   * One end-to-end run; returns seconds from starting the job to receiving its mask record. Only
   * counts are kept of the records, so the consumer holds nothing that grows with the slide.
   */
  static Result endToEnd(SlideJobRunner runner, SlideJob job, ActorSystem system) throws Exception {
    long start = System.nanoTime();
    Result r = runner.run(job)
        .runWith(Sink.fold(new Result(0, null, 0, 0), (acc, o) -> {
          if (o instanceof TileRecord t) {
            return new Result(0, null, acc.tiles() + 1, acc.inferredTiles() + (t.inferred() ? 1 : 0));
          }
          return o instanceof MaskRecord m ? new Result(0, m, acc.tiles(), acc.inferredTiles()) : acc;
        }), system)
        .toCompletableFuture().get(2, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (r.mask() == null) {
      throw new IllegalStateException("the job ended without a mask record");
    }
    return new Result(seconds, r.mask(), r.tiles(), r.inferredTiles());
  }

  record Result(double seconds, MaskRecord mask, long tiles, long inferredTiles) {}

  /** The patches the job runs through the network, in its batch order, read into memory. */
  static List<RgbRaster> preread(SlideJob job, PipelineSettings settings) {
    try (SlideReader reader = SlideReaders.open(job.slide())) {
      TileGrid grid = TileLayout.inferredTiles(reader, job, settings);
      long bytes = (long) grid.tiles().size() * grid.patchSize() * grid.patchSize() * 3;
      if (bytes > MAX_PRELOADED_BYTES) {
        throw new IllegalArgumentException("the slide's " + grid.tiles().size() + " tissue patches need "
            + (bytes >> 20) + " MiB in memory; use a smaller --size");
      }
      List<RgbRaster> patches = new ArrayList<>(grid.tiles().size());
      for (Tile t : grid.tiles()) {
        patches.add(reader.readRegionAtDownsample(grid.downsample(), t.x(), t.y(), grid.patchSize(), grid.patchSize()));
      }
      return patches;
    }
  }

  /**
   * Seconds the model takes over the patches in batches of {@code batch}, one call after another on
   * the given single thread, as the runner's inference thread calls it (reuse the thread: ND4J keeps
   * its buffers per thread, and the runner's thread is warm too).
   */
  static double inferenceOnly(SlideModel model, List<RgbRaster> patches, int batch, ExecutorService thread)
      throws Exception {
    return thread.submit(() -> {
      long start = System.nanoTime();
      for (int i = 0; i < patches.size(); i += batch) {
        model.predict(patches.subList(i, Math.min(patches.size(), i + batch)));
      }
      return (System.nanoTime() - start) / 1e9;
    }).get();
  }
}
