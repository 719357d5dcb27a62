package io.slidestream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.models.compound.CompoundSegmentationModel;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.JobSettings;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.TileRecord;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline running a compound model: the grid, mask and records at the second network's
 * 2 µm/px, each tile's area read at the first network's 1 µm/px.
 */
class CompoundPipelineTest {

  static ActorSystem system;

  @TempDir Path dir;

  Path slides;
  ModelStore models;
  OutputStore outputs;
  JobValidator validator;

  @BeforeAll
  static void startPekko() {
    system = ActorSystem.create("compound-pipeline-test");
  }

  @AfterAll
  static void stopPekko() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() throws Exception {
    slides = Files.createDirectories(dir.resolve("slides"));
    models = new ModelStore(Files.createDirectories(dir.resolve("models")));
    TinyModels.saveCompound(models.directory(), "compound");
    outputs = new OutputStore(dir.resolve("outputs"), Duration.ofMinutes(10));
    validator = new JobValidator(new JobSettings(List.of(slides),
        100_000_000_000L, "", List.of("mask-tiff", "areas-json"), 0, 2048), models);
  }

  List<JobOutput> runToEnd(SlideJob job) throws Exception {
    try (TilePipeline runner = new TilePipeline(PipelineSettings.defaults().withTileLabels(true).withBatchSize(4),
        outputs)) {
      return runner.run(job).runWith(Sink.seq(), system).toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSyntheticSlideIsLabelledAtTheSecondNetworksGridFromReadsAtTheFirstNetworksResolution() throws Exception {
    Path slide = TestSlides.synthetic(slides, "case-c", 1000, 800, 12);
    SlideJob job = validator.validate(JobRecord.of("c-1", slide.toString(), "compound"));
    assertThat(job.micronsPerPixel()).as("the labels' resolution").isEqualTo(2.0);
    List<JobOutput> out = runToEnd(job);
    // 1000 x 800 at 0.5 µm/px is 250 x 200 at 2 µm/px: 6 x 5 cores of 48 px.
    List<TileRecord> tiles = TilePipelineTest.tiles(out);
    assertThat(tiles).hasSize(30);
    MaskRecord mask = (MaskRecord) out.get(out.size() - 1);
    assertThat(mask.modelId()).isEqualTo("compound");
    assertThat(mask.micronsPerPixel()).isEqualTo(2.0);
    List<TileRecord> inferred = tiles.stream().filter(TileRecord::inferred).toList();
    assertThat(inferred).isNotEmpty();
    LabelRaster stitched = TilePipelineTest.readMask(Path.of(URI.create(mask.outputs().get(0).uri())), "tiff", 250,
        200);

    // Each tile's labels are what the compound model says about the tile's area read at 1 µm/px.
    try (SlideReader reader = SlideReaders.open(slide);
        CompoundSegmentationModel model = CompoundSegmentationModel.load(models.fileOf("compound"))) {
      double coarse = 2.0 / reader.info().micronsPerPixelX();
      long agree = 0;
      long total = 0;
      for (TileRecord t : tiles) {
        LabelRaster core = LabelPng.decode(t.labelPng());
        assertThat(stitched.crop(t.col() * 48, t.row() * 48, core.width(), core.height())).isEqualTo(core);
      }
      for (TileRecord t : inferred.subList(0, Math.min(8, inferred.size()))) {
        long px = Math.round((t.col() * 48.0 - 8) * coarse);
        long py = Math.round((t.row() * 48.0 - 8) * coarse);
        RgbRaster fine = reader.readRegionAtDownsample(coarse / 2, px, py, 128, 128);
        LabelRaster labels = model.predict(List.of(fine)).get(0).labels();
        assertThat(labels.width()).isEqualTo(64);
        LabelRaster core = LabelPng.decode(t.labelPng());
        LabelRaster expected = labels.crop(8, 8, core.width(), core.height());
        for (int i = 0; i < core.data().length; i++) {
          agree += core.data()[i] == expected.data()[i] ? 1 : 0;
        }
        total += core.data().length;
      }
      // Batches of 4 against batches of 1: the same arithmetic up to float rounding at exact ties.
      assertThat(agree / (double) total).isGreaterThan(0.999);
    }
  }
}
