package io.slidestream.service.pipeline;

import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.tiles.TileGrid;
import io.slidestream.tissue.TissueDetector;

/**
 * Which tiles of a slide a job runs through the network: the grid at the job's resolution and tile
 * size, keeping the tiles with tissue (all of them when tissue detection is off). Every other tile
 * of the {@code columns × rows} grid is background.
 */
public final class TileLayout {

  private TileLayout() {}

  /** The grid of the tiles that go through the network; blocking (reads a thumbnail). */
  public static TileGrid inferredTiles(SlideReader reader, SlideJob job, PipelineSettings settings) {
    SlideInfo info = reader.info();
    TileGrid.Builder builder = TileGrid.builder(info).downsample(job.micronsPerPixel() / info.micronsPerPixelX())
        .tileSize(job.tileSize()).halo(job.overlap());
    if (settings.tissue().enabled()) {
      builder.tissue(new TissueDetector(settings.tissue().detectorSettings()).detect(reader),
          settings.tissue().minTissueFraction());
    }
    return builder.build();
  }
}
