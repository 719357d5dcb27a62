package io.slidestream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.images.readers.synthetic.SyntheticSlideWriter;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriters;
import io.slidestream.masks.Stitcher;
import io.slidestream.tiles.Tile;
import io.slidestream.tiles.TileGrid;
import io.slidestream.tiles.TilePatch;
import io.slidestream.tissue.TissueDetector;
import io.slidestream.tissue.TissueMask;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole tiling path on a real file: a synthetic slide written as a pyramidal BigTIFF, read by
 * the TIFF reader, tissue found, tiled at 1 µm/px with a halo, streamed, "predicted" with the
 * slide's true labels, stitched into every mask output, and the mask read back through OpenSlide.
 */
class SlideToMaskTest {

  @TempDir Path dir;

  @Test
  void syntheticSlideThroughTissueGridSourceAndStitcherGivesTheTrueMaskInOpenSlide() throws Exception {
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(4096, 3072, 7).withTissueFraction(0.5));
    Path file = dir.resolve("slide.svs");
    SyntheticSlideWriter.write(slide, file, 2);

    ActorSystem system = ActorSystem.create("slide-to-mask");
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (SlideReader reader = SlideReaders.open(file)) {
      assertThat(reader.info().reader()).isEqualTo("tiff");
      assertThat(reader.info().micronsPerPixelX()).isEqualTo(0.5);

      TissueMask tissue = new TissueDetector(TissueDetector.Settings.defaults()).detect(reader);
      assertThat(tissue.downsample()).isEqualTo(16.0); // 8 µm/px thumbnail of a 0.5 µm/px slide
      int tw = tissue.mask().width();
      int th = tissue.mask().height();
      LabelRaster truthThumb = slide.labels(16, 0, 0, tw, th);
      long agree = 0;
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          boolean isTissue = truthThumb.get(x, y) != SyntheticClasses.GLASS;
          agree += isTissue == tissue.mask().get(x, y) ? 1 : 0;
        }
      }
      assertThat(agree / (double) (tw * th)).as("tissue detection agrees with the truth").isGreaterThan(0.9);

      TileGrid grid = TileGrid.builder(reader.info()).targetMicronsPerPixel(1.0).tileSize(256).halo(32)
          .tissue(tissue, 0.0).build();
      assertThat(grid.downsample()).isEqualTo(2.0);
      int all = grid.columns() * grid.rows();
      assertThat(grid.tiles().size()).as("glass-only tiles skipped").isLessThan(all).isGreaterThan(all / 4);

      MaskSpec spec = grid.maskSpec("slide", SyntheticClasses.CLASSES);
      List<MaskOutput> outputs;
      try (Stitcher stitcher = new Stitcher(spec, grid.halo(),
          MaskWriters.open(List.of("mask-tiff", "overview-png", "areas-json", "geojson"), spec, dir.resolve("out")))) {
        double[] worstMeanError = {0};
        TileSource.of(reader, grid, 2, readers)
            .runWith(Sink.foreach((TilePatch p) -> {
              Tile t = p.tile();
              RgbRaster expected = slide.renderAtDownsample(2, t.x(), t.y(), grid.patchSize(), grid.patchSize());
              worstMeanError[0] = Math.max(worstMeanError[0], meanAbsoluteError(expected, p.pixels()));
              stitcher.accept(t.col(), t.row(), slide.labels(2, t.x(), t.y(), grid.patchSize(), grid.patchSize()));
            }), system)
            .toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertThat(worstMeanError[0]).as("streamed pixels are the slide's, within JPEG error").isLessThan(4.0);
        assertThat(stitcher.tilesWritten()).isEqualTo(grid.tiles().size());
        outputs = stitcher.finish();
      }
      Map<String, MaskOutput> byKind = outputs.stream().collect(Collectors.toMap(MaskOutput::kind, o -> o));
      assertThat(byKind).containsKeys("mask-tiff", "overview-png", "areas-json", "geojson");

      Set<Long> predicted = new HashSet<>();
      grid.tiles().forEach(t -> predicted.add((long) t.row() << 32 | t.col()));
      try (SlideReader mask = SlideReaders.open(byKind.get("mask-tiff").file(), "openslide")) {
        assertThat(mask.info().width()).isEqualTo(grid.width());
        assertThat(mask.info().height()).isEqualTo(grid.height());
        assertThat(mask.info().levelCount()).isGreaterThanOrEqualTo(3);
        RgbRaster got = mask.readRegion(0, 0, 0, (int) grid.width(), (int) grid.height());
        LabelRaster truth = slide.labels(2, 0, 0, (int) grid.width(), (int) grid.height());
        for (int y = 0; y < grid.height(); y++) {
          for (int x = 0; x < grid.width(); x++) {
            boolean inPredictedTile = predicted.contains((long) (y / 256) << 32 | (x / 256));
            int expected = inPredictedTile ? truth.get(x, y) : 0;
            int actual = got.rgb(x, y) & 0xff;
            if (actual != expected) {
              throw new AssertionError("mask pixel (" + x + ", " + y + ") is " + actual + ", expected " + expected);
            }
          }
        }
      }
    } finally {
      readers.shutdownNow();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static double meanAbsoluteError(RgbRaster a, RgbRaster b) {
    byte[] x = a.data();
    byte[] y = b.data();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
    }
    return sum / (double) x.length;
  }
}
