package io.slidestream.bench;

import io.slidestream.config.SlidestreamConfig;
import io.slidestream.images.readers.synthetic.SyntheticSlideReaderProvider;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.service.jobs.JobSettings;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.PipelineSettings;
import io.slidestream.service.pipeline.TilePipeline;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.OutputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/**
 * One slide through the runner in its own JVM, so that its peak resident memory is its own: a
 * synthetic slide rendered on the fly (a {@code *.synthetic.json} spec, so no huge file is written)
 * with tissue on part of it, a tiny model, the given outputs. Prints one JSON line.
 *
 * <p>Arguments: side, work directory, model store, model id, outputs (comma-separated), tissue fraction.
 */
public final class PipelineRssRun {

  private PipelineRssRun() {}

  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    Path store = Path.of(args[2]);
    String modelId = args[3];
    List<String> outputs = List.of(args[4].split(","));
    double tissue = Double.parseDouble(args[5]);
    Path slides = Files.createDirectories(dir.resolve("slides"));
    Path slide = slides.resolve("rss-" + size + SyntheticSlideReaderProvider.SUFFIX);
    SyntheticSlideReaderProvider.writeSpec(SyntheticSlideSpec.of(size, size, BenchSlides.SEED).withTissueFraction(tissue),
        slide);
    PipelineSettings settings = PipelineSettings.fromConfig(SlidestreamConfig.load());
    ActorSystem system = ActorSystem.create("bench-pipeline-rss");
    try (ModelStore models = new ModelStore(store);
        TilePipeline runner = new TilePipeline(settings, new OutputStore(dir.resolve("outputs"), Duration.ofMinutes(10)))) {
      JobValidator validator = new JobValidator(new JobSettings(List.of(slides), Long.MAX_VALUE, "", outputs, 0, 4096),
          models);
      SlideJob job = validator.validate(new JobRecord("rss-" + size, slide.toString(), modelId, null,
          new JobOptions(null, null, outputs), null));
      PipelineTiming.Result r = PipelineTiming.endToEnd(runner, job, system);
      long bytes = r.mask().outputs().stream().mapToLong(OutputFile::bytes).sum();
      System.out.printf(java.util.Locale.ROOT, "{\"size\":%d,\"tiles\":%d,\"inferredTiles\":%d,\"seconds\":%.1f,\"peakRssMiB\":%d,\"outputBytes\":%d,"
          + "\"maxHeapMiB\":%d}%n", size, r.tiles(), r.inferredTiles(), r.seconds(), PeakRss.mebibytes(), bytes,
          Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
