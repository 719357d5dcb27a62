package io.slidestream.service.pipeline;

import com.typesafe.config.Config;
import io.slidestream.tissue.TissueDetector;

/**
 * How the per-slide graph runs: {@code slidestream.pipeline} in the configuration.
 *
 * @param batchSize           patches per network call
 * @param readParallelism     tiles of one slide being read at once
 * @param readThreads         threads reading tiles, shared by all slides
 * @param batchesAhead        full batches that may wait for the inference thread, per slide
 * @param tileLabels          whether tile records carry their label tile (PNG)
 * @param progressStepPercent a PROGRESS event each time this share of the tiles is done
 * @param tissue              which tiles go through the network
 */
public record PipelineSettings(
    int batchSize,
    int readParallelism,
    int readThreads,
    int batchesAhead,
    boolean tileLabels,
    int progressStepPercent,
    TissueSettings tissue) {

  /**
   * @param enabled                  false: every tile goes through the network
   * @param thumbnailMicronsPerPixel resolution of the detection thumbnail
   * @param thumbnailMaxSize         its longest side at most
   * @param minTissueFraction        a tile runs when more than this share of its core is tissue
   */
  public record TissueSettings(boolean enabled, double thumbnailMicronsPerPixel, int thumbnailMaxSize,
      double minTissueFraction) {

    public TissueDetector.Settings detectorSettings() {
      TissueDetector.Settings d = TissueDetector.Settings.defaults();
      return new TissueDetector.Settings(thumbnailMicronsPerPixel, thumbnailMaxSize, d.minSaturation(),
          d.maxBrightness(), d.minTexture(), d.closingMicrons(), d.minRegionMicrons2(), d.maxHoleMicrons2());
    }
  }

  public PipelineSettings {
    positive(batchSize, "batch-size");
    positive(readParallelism, "read-parallelism");
    positive(readThreads, "read-threads");
    if (batchesAhead < 0) {
      throw new IllegalArgumentException("batches-ahead must not be negative, got " + batchesAhead);
    }
    if (progressStepPercent < 1 || progressStepPercent > 100) {
      throw new IllegalArgumentException("progress-step-percent must be 1..100, got " + progressStepPercent);
    }
  }

  public static PipelineSettings fromConfig(Config config) {
    Config c = config.getConfig("slidestream.pipeline");
    Config t = c.getConfig("tissue");
    return new PipelineSettings(c.getInt("batch-size"), c.getInt("read-parallelism"), c.getInt("read-threads"),
        c.getInt("batches-ahead"), c.getBoolean("tile-labels"), c.getInt("progress-step-percent"),
        new TissueSettings(t.getBoolean("enabled"), t.getDouble("thumbnail-microns-per-pixel"),
            t.getInt("thumbnail-max-size"), t.getDouble("min-tissue-fraction")));
  }

  /** The defaults of the shipped configuration. */
  public static PipelineSettings defaults() {
    return new PipelineSettings(8, 2, 2, 2, false, 5, new TissueSettings(true, 8.0, 2048, 0.0));
  }

  public PipelineSettings withBatchSize(int n) {
    return new PipelineSettings(n, readParallelism, readThreads, batchesAhead, tileLabels, progressStepPercent, tissue);
  }

  public PipelineSettings withReadParallelism(int n) {
    return new PipelineSettings(batchSize, n, readThreads, batchesAhead, tileLabels, progressStepPercent, tissue);
  }

  public PipelineSettings withBatchesAhead(int n) {
    return new PipelineSettings(batchSize, readParallelism, readThreads, n, tileLabels, progressStepPercent, tissue);
  }

  public PipelineSettings withTileLabels(boolean on) {
    return new PipelineSettings(batchSize, readParallelism, readThreads, batchesAhead, on, progressStepPercent, tissue);
  }

  public PipelineSettings withTissue(TissueSettings t) {
    return new PipelineSettings(batchSize, readParallelism, readThreads, batchesAhead, tileLabels, progressStepPercent, t);
  }

  /**
   * An upper bound on the tiles of one slide held between the reader and the consumer at any time,
   * whatever the slide's size: read or being read, waiting in batches, being inferred, stitched, or
   * in the one-record look-ahead that marks the last tile. Every stage is bounded, so this is too.
   */
  public int maxTilesInFlight() {
    int reading = readParallelism + 2;        // TileSource's mapAsync, its input buffer, the grid-order merge
    int batching = batchSize;                 // the batch being assembled
    int waiting = batchSize * batchesAhead;   // full batches queued for the inference thread
    int inference = batchSize * 2;            // the batch in the network and the one in its input buffer
    int stitching = batchSize * 2;            // the batch being stitched and the one in its input buffer
    int emitting = batchSize + 2;             // records of a stitched batch not yet taken, and the look-ahead
    return reading + batching + waiting + inference + stitching + emitting;
  }

  private static void positive(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
  }
}
