package io.slidestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.ops.metrics.ServiceMetrics;
import io.slidestream.service.jobs.JobSettings;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.PipelineListener;
import io.slidestream.service.pipeline.PipelineSettings;
import io.slidestream.service.pipeline.TilePipeline;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream bench pipeline}: (1) for a synthetic slide, the end-to-end time of a job
 * through the runner against the time of the model alone over the same patches, pre-read, in the
 * same process, optionally with the runner reporting to the service's metrics, or both ways in
 * alternating rounds to measure what the metrics cost; (2) peak RSS of a whole job for slides of
 * several sizes, each in a fresh JVM.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "End-to-end job time against pure inference, and peak memory by slide size.")
final class PipelineBenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "Working directory (default: work/bench/pipeline).")
  Path dir;

  @Option(names = "--size", defaultValue = "4096", description = "Side of the timed synthetic slide, written once as an SVS (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--levels", defaultValue = "4", description = "U-Net levels of the timed model (default ${DEFAULT-VALUE}).")
  int levels;

  @Option(names = "--filters", defaultValue = "16", description = "U-Net first-level filters of the timed model (default ${DEFAULT-VALUE}).")
  int filters;

  @Option(names = "--patch", defaultValue = "256", description = "Patch side of the timed model (default ${DEFAULT-VALUE}).")
  int patch;

  @Option(names = "--halo", defaultValue = "16", description = "Halo of the timed model (default ${DEFAULT-VALUE}).")
  int halo;

  @Option(names = "--mpp", defaultValue = "1.0", description = "µm/px of the timed model (default ${DEFAULT-VALUE}).")
  double mpp;

  @Option(names = "--outputs", defaultValue = "mask-tiff,overview-png,areas-json",
      description = "Outputs the jobs write (default ${DEFAULT-VALUE}; geojson outlines an untrained net's"
          + " pixel noise, which no trained model produces).")
  String outputs;

  /** What the timed runner reports to. */
  enum Metrics { off, on, compare }

  @Option(names = "--metrics", defaultValue = "off", paramLabel = "off|on|compare",
      description = "The timed runner reports to no one (off, default), to the service's metrics (on), or both in"
          + " alternating rounds, with the ratio of their fastest (compare; target ≤ 1.01).")
  Metrics metrics;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed rounds of each measure; the fastest counts (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--rss-sizes", split = ",", defaultValue = "20000,80000",
      description = "Slide sides for the memory runs (default ${DEFAULT-VALUE}); 0 skips them.")
  List<Integer> rssSizes;

  @Option(names = "--rss-tissue", defaultValue = "0.15", description = "Tissue share of the memory runs' slides (default ${DEFAULT-VALUE}).")
  double rssTissue;

  /**
   * Peak RSS of one and the same job varies from run to run on a shared machine (the collector
   * sizes the heap by the pauses it sees, native libraries' allocators keep what they freed), by
   * as much as 40% here, so each size runs several times and the median counts.
   */
  @Option(names = "--rss-rounds", defaultValue = "3", description = "Fresh JVMs per size; the median peak counts (default ${DEFAULT-VALUE}).")
  int rssRounds;

  @Option(names = "--rss-patch", defaultValue = "256", description = "Patch side of the memory runs' tiny model (default ${DEFAULT-VALUE}).")
  int rssPatch;

  @Option(names = "--jvm-options", defaultValue = "",
      description = "Options for each memory run's JVM (default: none, the JVM's own heap sizing).")
  String jvmOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = dir != null ? dir.toAbsolutePath() : SlidestreamConfig.home().resolve("work/bench/pipeline");
    Path store = work.resolve("models");
    Config config = SlidestreamConfig.load();
    PipelineSettings settings = PipelineSettings.fromConfig(config);
    List<String> kinds = List.of(outputs.split(","));
    out.printf("# bench pipeline: command: bin/slidestream bench pipeline %s%n", String.join(" ", spec.commandLine()
        .getParseResult().expandedArgs().stream().map(a -> a.isEmpty() || a.matches(".*\\s.*") ? "'" + a + "'" : a)
        .toList()));
    out.printf("# %d cores, batch %d, read parallelism %d, %d batches ahead; runner only (no Kafka hop)%n",
        Runtime.getRuntime().availableProcessors(), settings.batchSize(), settings.readParallelism(),
        settings.batchesAhead());
    out.flush();
    if (size > 0) {
      timing(out, work, store, settings, kinds);
    }
    List<Integer> sizes = rssSizes.stream().filter(s -> s > 0).toList();
    if (!sizes.isEmpty()) {
      memory(out, work, store, sizes);
    }
    return 0;
  }

  private void timing(PrintWriter out, Path work, Path store, PipelineSettings settings, List<String> kinds)
      throws Exception {
    Path slides = work.resolve("slides");
    Path slide = BenchSlides.synthetic(slides, size, out);
    String modelId = BenchModels.ensure(store, levels, filters, patch, halo, mpp);
    ExecutorService inferenceThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-inference"));
    ActorSystem system = ActorSystem.create("bench-pipeline",
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(SlidestreamConfig.load()));
    OutputStore outputStore = new OutputStore(work.resolve("outputs"), Duration.ofMinutes(10));
    SwitchableListener switchable = new SwitchableListener();
    try (ModelStore models = new ModelStore(store);
        ServiceMetrics serviceMetrics = new ServiceMetrics();
        // One runner for both ways, so that only the listener differs (threads, ND4J's per-thread
        // workspaces, pools: all the same).
        TilePipeline runner = new TilePipeline(settings, outputStore, SlideReaders::open, switchable)) {
      switchable.target = metrics == Metrics.on ? serviceMetrics.pipeline() : PipelineListener.NONE;
      JobValidator validator = new JobValidator(new JobSettings(List.of(slides), Long.MAX_VALUE, "", kinds, 0, 4096),
          models);
      SlideJob job = validator.validate(new JobRecord("bench-" + size, slide.toString(), modelId, null,
          new JobOptions(null, null, kinds), null));
      SlideModel model = job.model().model();
      List<RgbRaster> patches = PipelineTiming.preread(job, settings);
      // Warm-up: the JIT, oneDNN's kernels and the model's buffers for both paths.
      PipelineTiming.inferenceOnly(model, patches.subList(0, Math.min(patches.size(), 2 * settings.batchSize())),
          settings.batchSize(), inferenceThread);
      PipelineTiming.Result first = PipelineTiming.endToEnd(runner, job, system);
      if (metrics == Metrics.compare) {
        measuredRun(switchable, serviceMetrics, runner, job, system);
      }
      double bestPipeline = Double.MAX_VALUE;
      double bestInference = Double.MAX_VALUE;
      double bestMeasured = Double.NaN;
      List<Double> offRounds = new ArrayList<>();
      List<Double> onRounds = new ArrayList<>();
      PipelineTiming.Result last = first;
      for (int i = 0; i < repeats; i++) {
        bestInference = Math.min(bestInference, PipelineTiming.inferenceOnly(model, patches, settings.batchSize(),
            inferenceThread));
        // With compare, which of the two goes first alternates, so a change of load falls on both alike.
        if (metrics == Metrics.compare && i % 2 == 1) {
          onRounds.add(measuredRun(switchable, serviceMetrics, runner, job, system));
        }
        last = PipelineTiming.endToEnd(runner, job, system);
        offRounds.add(last.seconds());
        bestPipeline = Math.min(bestPipeline, last.seconds());
        if (metrics == Metrics.compare && i % 2 == 0) {
          onRounds.add(measuredRun(switchable, serviceMetrics, runner, job, system));
        }
        bestMeasured = onRounds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      }
      out.printf("# timed slide: %d x %d synthetic SVS (0.5 µm/px); model %s (untrained U-Net: %d levels, %d filters,"
          + " %d px patches, %d px halo) at %.1f µm/px; outputs %s; fastest of %d rounds after a warm-up run;"
          + " metrics %s%n", size, size, modelId, levels, filters, patch, halo, mpp, outputs, repeats, metrics);
      out.println("| measure | tiles | seconds |");
      out.println("|---|---|---|");
      out.printf("| end to end: job → mask record (runner: open, tissue, read, batch, infer, stitch, publish) "
          + "| %d (%d inferred) | %.2f |%n", last.tiles(), last.inferredTiles(), bestPipeline);
      if (metrics == Metrics.compare) {
        out.printf("| end to end, the runner reporting to the service's metrics | %d (%d inferred) | %.2f |%n",
            last.tiles(), last.inferredTiles(), bestMeasured);
      }
      out.printf("| pure inference: the model alone over the same %d patches, pre-read | %d | %.2f |%n",
          patches.size(), patches.size(), bestInference);
      out.printf("| of which inside the runner: reading (summed over threads) / inference | | %.2f / %.2f |%n",
          last.mask().timings().readMs() / 1000.0, last.mask().timings().inferenceMs() / 1000.0);
      out.printf("pipeline / pure inference: %.3f× (target ≤ 1.10)%n", bestPipeline / bestInference);
      if (metrics == Metrics.compare) {
        out.printf("metrics on / off: %.3f× (target ≤ 1.01)%n", bestMeasured / bestPipeline);
        out.printf("# each round, seconds: metrics off %s; on %s%n", rounds(offRounds), rounds(onRounds));
      }
      if (metrics != Metrics.off) {
        out.printf("# the metrics counted %.0f tiles inferred in %d network calls%n",
            serviceMetrics.registry().get("slidestream.tiles.inferred").counter().count(),
            serviceMetrics.registry().get("slidestream.stage.duration").tag("stage", "infer").timer().count());
      }
      if (metrics == Metrics.compare) {
        // The ratio above is as noisy as the machine; what the listener itself costs is not.
        long calls = last.inferredTiles() + 2L * (last.inferredTiles() + settings.batchSize() - 1)
            / settings.batchSize() + 1;
        double nanosPerCall = listenerNanos();
        out.printf("# the listener's own cost: %.0f ns a call, about %d calls a job: %.3f ms, %.5f%% of the job%n",
            nanosPerCall, calls, calls * nanosPerCall / 1e6, 100 * calls * nanosPerCall / 1e9 / bestMeasured);
      }
      // Both sides of the ratio above come from separate passes on a shared machine; this one's do not.
      out.printf("pipeline / its own inference time, same run: %.3f×%n",
          last.seconds() / (last.mask().timings().inferenceMs() / 1000.0));
      out.flush();
    } finally {
      inferenceThread.shutdown();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static String rounds(List<Double> seconds) {
    return String.join(", ", seconds.stream().map(s -> String.format(java.util.Locale.ROOT, "%.2f", s)).toList());
  }

  /** What the timed runner reports to, switched between runs. */
  static final class SwitchableListener implements PipelineListener {
    volatile PipelineListener target = PipelineListener.NONE;

    @Override
    public void tileRead(long nanos) {
      target.tileRead(nanos);
    }

    @Override
    public void batchInferred(int tissueTiles, int batchSize, long nanos) {
      target.batchInferred(tissueTiles, batchSize, nanos);
    }

    @Override
    public void batchStitched(int tiles, long nanos) {
      target.batchStitched(tiles, nanos);
    }

    @Override
    public void outputsWritten(long nanos) {
      target.outputsWritten(nanos);
    }
  }

  /** One job with the runner reporting to the metrics; its seconds. The runner reports to no one after. */
  private static double measuredRun(SwitchableListener switchable, ServiceMetrics metrics, TilePipeline runner,
      SlideJob job, ActorSystem system) throws Exception {
    switchable.target = metrics.pipeline();
    try {
      return PipelineTiming.endToEnd(runner, job, system).seconds();
    } finally {
      switchable.target = PipelineListener.NONE;
    }
  }

  /**
   * Nanoseconds one call of the metrics' pipeline listener takes, on a registry of its own: the
   * mean over a million calls in the proportions of a job (a read per tile, an inference and a
   * stitch per batch of 8), after as many to warm up.
   */
  static double listenerNanos() {
    try (ServiceMetrics scratch = new ServiceMetrics()) {
      var listener = scratch.pipeline();
      int n = 1_000_000;
      long start = 0;
      for (int round = 0; round < 2; round++) {
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          switch (i % 10) {
            case 8 -> listener.batchInferred(8, 8, 1_000_000 + i);
            case 9 -> listener.batchStitched(8, 10_000 + i);
            default -> listener.tileRead(100_000 + i);
          }
        }
      }
      return (System.nanoTime() - start) / (double) n;
    }
  }

  /** One job of one size in a fresh JVM; its one-line JSON report. */
  private JsonNode memoryRun(Path work, Path store, String modelId, int side) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!jvmOptions.isBlank()) {
      cmd.addAll(List.of(jvmOptions.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PipelineRssRun.class.getName(),
        String.valueOf(side), work.resolve("rss").toString(), store.toString(), modelId, outputs,
        String.valueOf(rssTissue)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("memory run for " + side + " failed (exit " + p.exitValue() + ")");
    }
    return new ObjectMapper().readTree(text.substring(text.lastIndexOf('\n') + 1));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private void memory(PrintWriter out, Path work, Path store, List<Integer> sizes) throws Exception {
    String tinyId = BenchModels.ensure(store, 2, 4, rssPatch, 0, 2.0);
    out.printf("# memory: synthetic slides rendered on the fly, %.0f%% tissue, model %s (tiny) at 2.0 µm/px, outputs %s;"
        + " %d fresh JVMs per size with options '%s'%n", rssTissue * 100, tinyId, outputs, rssRounds, jvmOptions);
    out.println("| slide side (px) | tiles (inferred) | seconds (median) | peak RSS, MiB: median (each run) | output bytes |");
    out.println("|---|---|---|---|---|");
    out.flush();
    // Sizes alternate within each round, so a change in the machine's load falls on both alike.
    List<List<JsonNode>> runs = new ArrayList<>();
    sizes.forEach(s -> runs.add(new ArrayList<>()));
    for (int round = 0; round < rssRounds; round++) {
      for (int i = 0; i < sizes.size(); i++) {
        runs.get(i).add(memoryRun(work, store, tinyId, sizes.get(i)));
      }
    }
    List<Long> peaks = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      List<Long> runPeaks = runs.get(i).stream().map(r -> r.get("peakRssMiB").asLong()).toList();
      List<Double> seconds = runs.get(i).stream().map(r -> r.get("seconds").asDouble()).sorted().toList();
      JsonNode r = runs.get(i).get(0);
      long median = median(runPeaks);
      peaks.add(median);
      out.printf("| %d | %d (%d) | %.1f | %d (%s) | %d |%n", sizes.get(i), r.get("tiles").asLong(),
          r.get("inferredTiles").asLong(), seconds.get(seconds.size() / 2), median,
          String.join(", ", runPeaks.stream().map(String::valueOf).toList()), r.get("outputBytes").asLong());
    }
    out.flush();
    if (peaks.size() > 1) {
      out.printf("peak RSS, largest vs smallest slide: %.3f× (target within 20%%)%n",
          peaks.get(peaks.size() - 1) / (double) peaks.get(0));
    }
  }
}
