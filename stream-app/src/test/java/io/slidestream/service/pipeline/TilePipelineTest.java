package io.slidestream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.files.PendingFile;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.models.inference.SegmentationModel;
import io.slidestream.service.fixtures.CountingReader;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.JobSettings;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.RunLimits;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.TileRecord;
import io.slidestream.testdata.SharedData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TilePipelineTest {

  static ActorSystem system;

  @TempDir Path dir;

  Path slides;
  Path slide;
  ModelStore models;
  OutputStore outputs;
  JobValidator validator;

  @BeforeAll
  static void startPekko() {
    system = ActorSystem.create("tile-pipeline-test");
  }

  @AfterAll
  static void stopPekko() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() throws Exception {
    slides = Files.createDirectories(dir.resolve("slides"));
    slide = TestSlides.synthetic(slides, "case-1", 2000, 1500, 11);
    models = new ModelStore(dir.resolve("models"));
    // 2 µm/px keeps the tiny net's work small: the 2000 x 1500 slide is a 500 x 375 grid of 48 px cores.
    TinyModels.save(models.directory(), "tissue", 2.0);
    outputs = new OutputStore(dir.resolve("outputs"), Duration.ofMinutes(10));
    validator = new JobValidator(new JobSettings(List.of(slides, SharedData.cmuSmallRegion().getParent()),
        100_000_000_000L, "", List.of("mask-tiff", "overview-png", "areas-json"), 0, 2048), models);
  }

  PipelineSettings settings() {
    return PipelineSettings.defaults().withTileLabels(true).withBatchSize(4);
  }

  List<JobOutput> runToEnd(SlideJobRunner runner, SlideJob job) throws Exception {
    return runner.run(job).runWith(Sink.seq(), system).toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  static List<TileRecord> tiles(List<JobOutput> out) {
    return out.stream().filter(o -> o instanceof TileRecord).map(o -> (TileRecord) o).toList();
  }

  static List<JobEvent> events(List<JobOutput> out) {
    return out.stream().filter(o -> o instanceof JobEvent).map(o -> (JobEvent) o).toList();
  }

  @Test
  void aSyntheticSlideGivesOneRecordPerTileThenOneMaskRecordWhoseFilesReopen() throws Exception {
    SlideJob job = validator.validate(JobRecord.of("job-1", slide.toString(), "tissue")
        .withOptions(new JobOptions(null, null, List.of("mask-tiff", "overview-png", "geojson", "areas-json"))));
    List<JobOutput> out;
    try (TilePipeline runner = new TilePipeline(settings(), outputs)) {
      out = runToEnd(runner, job);
    }
    int columns = 11;
    int rows = 8;
    List<TileRecord> tiles = tiles(out);
    assertThat(tiles).hasSize(columns * rows);
    assertThat(tiles.stream().mapToInt(TileRecord::tileIndex).toArray()).as("every tile once, in grid order")
        .containsExactly(java.util.stream.IntStream.range(0, columns * rows).toArray());
    assertThat(tiles.stream().filter(TileRecord::isLast).toList()).hasSize(1);
    assertThat(tiles.get(tiles.size() - 1).tileCount()).isEqualTo(columns * rows);
    assertThat(out.stream().filter(o -> o instanceof MaskRecord).count()).isEqualTo(1);
    assertThat(out.get(out.size() - 1)).isInstanceOf(MaskRecord.class);

    List<TileRecord> inferred = tiles.stream().filter(TileRecord::inferred).toList();
    List<TileRecord> background = tiles.stream().filter(t -> !t.inferred()).toList();
    assertThat(inferred).as("tiles with tissue ran through the network").isNotEmpty();
    assertThat(background).as("tiles of bare glass did not").isNotEmpty();
    for (TileRecord t : background) {
      assertThat(t.meanProbabilities()).isEmpty();
      assertThat(t.pixelCounts().get("Glass")).isEqualTo(LabelPng.decode(t.labelPng()).width()
          * (long) LabelPng.decode(t.labelPng()).height());
    }
    for (TileRecord t : inferred) {
      assertThat(t.meanProbabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
          org.assertj.core.data.Offset.offset(1e-4));
    }
    TileRecord corner = tiles.stream().filter(t -> t.col() == columns - 1 && t.row() == rows - 1).findFirst().orElseThrow();
    assertThat(corner.x() + corner.width()).as("edge cores are clipped to the slide").isEqualTo(2000);
    assertThat(corner.y() + corner.height()).isEqualTo(1500);

    List<JobEvent> events = events(out);
    assertThat(events.get(0).tilesDone()).isZero();
    assertThat(events.get(events.size() - 1).tilesDone()).isEqualTo(columns * rows);
    assertThat(events).allMatch(e -> e.type() == JobEvent.Type.PROGRESS && e.tilesTotal() == columns * rows);
    assertThat(events.stream().mapToInt(JobEvent::tilesDone).toArray()).isSorted();
    assertThat(events.size()).isBetween(10, 25);
    assertThat(events.get(events.size() - 2).tilesDone()).isLessThan(columns * rows);

    MaskRecord mask = (MaskRecord) out.get(out.size() - 1);
    assertThat(mask.tileCount()).isEqualTo(columns * rows);
    assertThat(mask.modelId()).isEqualTo("tissue");
    assertThat(mask.modelVersion()).isEqualTo(PendingFile.sha256(models.fileOf("tissue")));
    assertThat(mask.outputs()).extracting(OutputFile::kind)
        .containsExactly("mask-tiff", "overview-png", "geojson", "areas-json");
    for (OutputFile f : mask.outputs()) {
      Path p = Path.of(URI.create(f.uri()));
      assertThat(p).exists().hasSize(f.bytes());
      assertThat(PendingFile.sha256(p)).isEqualTo(f.sha256());
      assertThat(p.getParent()).isEqualTo(outputs.directoryOf("job-1"));
      assertThat(p.getFileName().toString()).startsWith(job.slideId()).doesNotContain("case");
    }
    double area = mask.areasUm2().values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(area).as("the classes cover the whole mask").isCloseTo(500 * 375 * 4.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(mask.timings().totalMs()).isPositive();
    try (Stream<Path> files = Files.list(outputs.directoryOf("job-1"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    Path maskTiff = Path.of(URI.create(mask.outputs().get(0).uri()));
    LabelRaster stitched = readMask(maskTiff, "tiff", 500, 375);
    assertThat(readMask(maskTiff, "openslide", 500, 375)).as("OpenSlide reads the same mask").isEqualTo(stitched);
    for (TileRecord t : tiles) {
      LabelRaster core = LabelPng.decode(t.labelPng());
      assertThat(stitched.crop(t.col() * 48, t.row() * 48, core.width(), core.height()))
          .as("the stitched mask holds tile %d's prediction", t.tileIndex()).isEqualTo(core);
    }
    assertPredictionsAreTheModels(job, inferred);
  }

  /** Tile labels equal what the model says about the same patch read independently. */
  private void assertPredictionsAreTheModels(SlideJob job, List<TileRecord> inferred) throws Exception {
    try (SlideReader reader = SlideReaders.open(job.slide());
        SegmentationModel model = SegmentationModel.load(job.model().file())) {
      double d = job.micronsPerPixel() / reader.info().micronsPerPixelX();
      long agree = 0;
      long total = 0;
      for (TileRecord t : inferred.subList(0, Math.min(12, inferred.size()))) {
        long px = Math.round((t.col() * 48.0 - 8) * d);
        long py = Math.round((t.row() * 48.0 - 8) * d);
        RgbRaster patch = reader.readRegionAtDownsample(d, px, py, 64, 64);
        LabelRaster labels = model.predict(List.of(patch)).get(0).labels();
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

  static LabelRaster readMask(Path file, String readerName, int w, int h) {
    try (SlideReader r = SlideReaders.open(file, readerName)) {
      assertThat(r.info().width()).isEqualTo(w);
      assertThat(r.info().height()).isEqualTo(h);
      RgbRaster rgb = r.readRegion(0, 0, 0, w, h);
      LabelRaster labels = LabelRaster.create(w, h);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          labels.set(x, y, rgb.rgb(x, y) & 0xff);
        }
      }
      return labels;
    }
  }

  @Test
  void aSecondRunWritesByteIdenticalFilesAndEqualTileRecords() throws Exception {
    SlideJob job = validator.validate(JobRecord.of("job-2", slide.toString(), "tissue"));
    try (TilePipeline runner = new TilePipeline(settings(), outputs)) {
      List<JobOutput> first = runToEnd(runner, job);
      Path maskFile = Path.of(URI.create(((MaskRecord) first.get(first.size() - 1)).outputs().get(0).uri()));
      byte[] firstBytes = Files.readAllBytes(maskFile);
      List<JobOutput> second = runToEnd(runner, job);
      MaskRecord a = (MaskRecord) first.get(first.size() - 1);
      MaskRecord b = (MaskRecord) second.get(second.size() - 1);
      assertThat(b.outputs()).isEqualTo(a.outputs());
      assertThat(b.areasUm2()).isEqualTo(a.areasUm2());
      assertThat(Files.readAllBytes(maskFile)).isEqualTo(firstBytes);
      assertThat(tiles(second)).isEqualTo(tiles(first));
    }
  }

  @Test
  void theRealSvsRunsThroughTheTiffReaderAndItsMaskOpensInOpenSlide() throws Exception {
    SlideJob job = validator.validate(JobRecord.of("real", SharedData.cmuSmallRegion().toString(), "tissue"));
    List<JobOutput> out;
    try (TilePipeline runner = new TilePipeline(settings(), outputs)) {
      out = runToEnd(runner, job);
    }
    MaskRecord mask = (MaskRecord) out.get(out.size() - 1);
    // 2220 x 2967 at 0.499 µm/px read at 2 µm/px: about 554 x 740, 12 x 16 cores of 48 px.
    assertThat(tiles(out)).hasSize(12 * 16);
    assertThat(mask.tileCount()).isEqualTo(12 * 16);
    assertThat(tiles(out).stream().filter(TileRecord::inferred).count()).as("the tissue ran").isGreaterThan(20);
    Path maskTiff = Path.of(URI.create(mask.outputs().get(0).uri()));
    try (SlideReader r = SlideReaders.open(maskTiff, "openslide")) {
      assertThat(r.info().width()).isBetween(550L, 560L);
      assertThat(r.info().levelCount()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aSlowConsumerHoldsAtMostTheBoundOfTilesInFlight() throws Exception {
    PipelineSettings s = PipelineSettings.defaults().withBatchSize(2).withBatchesAhead(1).withReadParallelism(1)
        .withTissue(new PipelineSettings.TissueSettings(false, 8, 2048, 0));
    SlideJob job = validator.validate(JobRecord.of("slow", slide.toString(), "tissue"));
    AtomicInteger reads = new AtomicInteger();
    Function<Path, SlideReader> opener = p -> new CountingReader(SlideReaders.open(p), 64, reads, n -> { });
    AtomicInteger taken = new AtomicInteger();
    int[] worst = {0};
    try (TilePipeline runner = new TilePipeline(s, outputs, opener)) {
      runner.run(job)
          .throttle(1, Duration.ofMillis(10))
          .runWith(Sink.foreach(o -> {
            if (o instanceof TileRecord) {
              worst[0] = Math.max(worst[0], reads.get() - taken.incrementAndGet());
            }
          }), system)
          .toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
    assertThat(reads.get()).as("every tile read once").isEqualTo(11 * 8);
    assertThat(worst[0]).as("tiles read but not yet consumed").isLessThanOrEqualTo(s.maxTilesInFlight())
        .isLessThan(11 * 8 / 3);
  }

  @Test
  void aReadFailureMidwayFailsTheJobTypedAndPublishesNothing() throws Exception {
    SlideJob job = validator.validate(JobRecord.of("broken", slide.toString(), "tissue"));
    AtomicInteger reads = new AtomicInteger();
    Function<Path, SlideReader> opener = p -> new CountingReader(SlideReaders.open(p), 64, reads, n -> {
      if (n == 10) {
        throw new SlideException.Corrupt(p, "tile 10 is damaged");
      }
    });
    try (TilePipeline runner = new TilePipeline(settings(), outputs, opener)) {
      assertThatThrownBy(() -> runToEnd(runner, job)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(JobFailedException.class, e -> {
            assertThat(e.reason()).isEqualTo(RejectionReason.SLIDE_CORRUPT);
            assertThat(e.jobId()).isEqualTo("broken");
            assertThat(e.getMessage()).contains("tile 10 is damaged").doesNotContain(slides.toString());
          });
    }
    assertThat(publishedOrPending("broken")).as("nothing published, nothing left behind").isEmpty();
  }

  @Test
  void cancellingAJobAbandonsItsOutputs() throws Exception {
    SlideJob job = validator.validate(JobRecord.of("cancelled", slide.toString(), "tissue"));
    try (TilePipeline runner = new TilePipeline(settings(), outputs)) {
      List<JobOutput> some = runner.run(job).take(20).runWith(Sink.seq(), system).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      assertThat(some).hasSize(20).noneMatch(o -> o instanceof MaskRecord);
      // Closing happens on a stitching thread once the stream has stopped.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!publishedOrPending("cancelled").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    assertThat(publishedOrPending("cancelled")).isEmpty();
  }

  @Test
  void aJobThatHitsItsWallTimeWhileItsSlideOpensStillHasItsRunClosed() throws Exception {
    SlideJob valid = validator.validate(JobRecord.of("late-open", slide.toString(), "tissue"));
    SlideJob job = new SlideJob(valid.jobId(), valid.slideId(), valid.slide(), valid.model(), valid.micronsPerPixel(),
        valid.tileSize(), valid.overlap(), valid.outputs(), null, new RunLimits(Long.MAX_VALUE, Duration.ofMillis(50)));
    CountDownLatch ended = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // The slide opens only after the stream has ended (its wall time passed): the run, its reader
    // and its writers' parts come into being once nothing downstream will ever take them.
    Function<Path, SlideReader> opener = p -> {
      try {
        ended.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      SlideReader reader = SlideReaders.open(p);
      return new SlideReader() {
        @Override
        public io.slidestream.images.readers.SlideInfo info() {
          return reader.info();
        }

        @Override
        public RgbRaster readRegion(int level, long x, long y, int width, int height) {
          return reader.readRegion(level, x, y, width, height);
        }

        @Override
        public RgbRaster readRegionAtDownsample(double downsample, long x, long y, int width, int height) {
          return reader.readRegionAtDownsample(downsample, x, y, width, height);
        }

        @Override
        public void close() {
          reader.close();
          closed.countDown();
        }
      };
    };
    try (TilePipeline runner = new TilePipeline(settings(), outputs, opener)) {
      CompletableFuture<List<JobOutput>> run = runner.run(job).runWith(Sink.seq(), system).toCompletableFuture();
      assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(JobFailedException.class,
              f -> assertThat(f.reason()).isEqualTo(RejectionReason.TIME_LIMIT));
      ended.countDown();
      // The run was once left open here: its slide open and its mask's part on disk for good.
      assertThat(closed.await(30, TimeUnit.SECONDS)).as("the slide of a run opened after its stream ended is closed")
          .isTrue();
    }
    assertThat(publishedOrPending("late-open")).as("outputs of a run opened after its stream ended").isEmpty();
  }

  @Test
  void severalSlidesRunAtOnceSharingTheModel() throws Exception {
    Path other = TestSlides.synthetic(slides, "case-2", 1200, 900, 12);
    SlideJob a = validator.validate(JobRecord.of("a", slide.toString(), "tissue"));
    SlideJob b = validator.validate(JobRecord.of("b", other.toString(), "tissue"));
    assertThat(a.model()).isSameAs(b.model());
    try (TilePipeline runner = new TilePipeline(settings(), outputs)) {
      CompletableFuture<List<JobOutput>> ra = runner.run(a).runWith(Sink.seq(), system).toCompletableFuture();
      CompletableFuture<List<JobOutput>> rb = runner.run(b).runWith(Sink.seq(), system).toCompletableFuture();
      List<JobOutput> outA = ra.get(120, TimeUnit.SECONDS);
      List<JobOutput> outB = rb.get(120, TimeUnit.SECONDS);
      assertThat(outA.get(outA.size() - 1)).isInstanceOf(MaskRecord.class);
      assertThat(outB.get(outB.size() - 1)).isInstanceOf(MaskRecord.class);
      assertThat(tiles(outB)).hasSize(7 * 5).allMatch(t -> t.jobId().equals("b"));
    }
  }

  private List<String> publishedOrPending(String jobId) throws Exception {
    Path d = outputs.directoryOf(jobId);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(d)) {
      // The claim stays on purpose: it reserves the job id for this job's content.
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(OutputStore.CLAIM_FILE)).toList();
    }
  }
}
