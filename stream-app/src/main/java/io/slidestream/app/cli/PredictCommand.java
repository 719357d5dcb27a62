package io.slidestream.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.JobSettings;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.jobs.ModelHandle;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.JobFailedException;
import io.slidestream.service.pipeline.PipelineSettings;
import io.slidestream.service.pipeline.TilePipeline;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.TileRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slidestream predict SLIDE}: the service's graph for one slide without Kafka. The job is
 * validated as a submitted one would be (the slide's own directory is the allowed root), runs with
 * the configured pipeline settings, and its outputs land in the output store.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Segment one slide without Kafka and write its mask, overview and GeoJSON.")
final class PredictCommand implements Callable<Integer> {

  static final int EXIT_SOFTWARE = 70;
  /** sysexits' EX_IOERR: the output store is full. */
  static final int EXIT_IO_ERROR = 74;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "The slide file (SVS, TIFF, OME-TIFF, *.synthetic.json, ...).")
  Path slide;

  @Option(names = "--model", paramLabel = "ID|FILE",
      description = "A model id of the model store (slidestream.models.store) or a model file; default: slidestream.models.default.")
  String model;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory; files go to DIR/JOB/<slide id>.*  (default: slidestream.outputs.store).")
  Path out;

  @Option(names = "--job-id", paramLabel = "JOB", defaultValue = "predict",
      description = "Job id, the outputs' sub-directory (default: ${DEFAULT-VALUE}).")
  String jobId;

  @Option(names = {"--microns-per-pixel", "--mpp"}, paramLabel = "MPP",
      description = "Resolution to run at in µm/px (default: the model's).")
  Double micronsPerPixel;

  @Option(names = "--tile-size", paramLabel = "PX", description = "Tile core side, a multiple of 16 (default: the model's).")
  Integer tileSize;

  @Option(names = "--overlap", paramLabel = "PX", description = "Context around each core (default: the model's halo).")
  Integer overlap;

  @Option(names = "--outputs", split = ",", paramLabel = "KIND",
      description = "Outputs: mask-tiff, overview-png, geojson, areas-json (default: slidestream.jobs.default-outputs).")
  List<String> outputs;

  @Option(names = "--json", description = "Print the mask record as JSON instead of a summary.")
  boolean json;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
      description = "auto (a bar on a terminal, lines otherwise), bar, lines or none (default: ${DEFAULT-VALUE}).")
  String progress;

  @Override
  public Integer call() throws Exception {
    Config config = SlidestreamConfig.load();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    OutputStore outputStore = out != null
        ? new OutputStore(out.toAbsolutePath(), config.getDuration("slidestream.outputs.stale-temp-age"))
        : OutputStore.fromConfig(config);
    Path file = slide.toAbsolutePath().normalize();
    // The user named this file, so its own directory is the allowed root.
    Path root = Files.exists(file) ? file.toRealPath().getParent() : file.getParent();
    JobSettings settings = JobSettings.fromConfig(config).withAllowedRoots(List.of(root));
    JobRecord record = new JobRecord(jobId, file.toString(), null, micronsPerPixel,
        new JobOptions(tileSize, overlap, outputs), null);
    try (ModelStore models = ModelStore.fromConfig(config)) {
      SlideJob job;
      try {
        ModelHandle explicit = null;
        if (model != null && (model.contains("/") || Files.isRegularFile(Path.of(model)))) {
          explicit = models.open(Path.of(model));
        } else if (model != null) {
          record = new JobRecord(jobId, file.toString(), model, micronsPerPixel, record.options(), null);
        }
        job = new JobValidator(settings, models).validate(record, explicit);
      } catch (JobRejectedException e) {
        err.printf("predict: %s: %s%n", e.reason(), e.getMessage());
        return exitCode(e.reason());
      }
      MaskRecord mask;
      try {
        mask = run(config, outputStore, job, err);
      } catch (JobFailedException e) {
        err.printf("predict: %s: %s%n", e.reason(), e.getMessage());
        return e.reason() == RejectionReason.PROCESSING_FAILED ? EXIT_SOFTWARE : exitCode(e.reason());
      }
      if (json) {
        stdout.println(RecordCodec.shared().toJson(mask));
      } else {
        printSummary(stdout, job, mask);
      }
      return 0;
    }
  }

  private MaskRecord run(Config config, OutputStore outputStore, SlideJob job, PrintWriter err) throws Exception {
    ProgressBar bar = switch (progress) {
      case "auto" -> ProgressBar.forConsole(err, "predict");
      case "bar" -> new ProgressBar(err, "predict", true, 10);
      case "lines" -> new ProgressBar(err, "predict", false, 10);
      case "none" -> null;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--progress must be auto, bar, lines or none, got '" + progress + "'");
    };
    // Pekko's start and stop lines are noise on a command's standard error.
    ActorSystem system = ActorSystem.create("slidestream-predict",
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(config));
    AtomicReference<MaskRecord> mask = new AtomicReference<>();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    try (TilePipeline runner = new TilePipeline(PipelineSettings.fromConfig(config), outputStore)) {
      runner.run(job).runWith(Sink.foreach(o -> {
        if (o instanceof JobEvent e && e.tilesTotal() != null) {
          if (total.getAndSet(e.tilesTotal()) == 0 && bar != null) {
            bar.update(0, e.tilesTotal()); // the first PROGRESS event, before any tile, says how many there are
          }
        } else if (o instanceof TileRecord && bar != null) {
          bar.update(done.incrementAndGet(), total.get());
        } else if (o instanceof MaskRecord m) {
          mask.set(m);
        }
      }), system).toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JobFailedException f) {
        throw f;
      }
      throw e;
    } finally {
      if (bar != null) {
        bar.done();
      }
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return mask.get();
  }

  private static void printSummary(PrintWriter out, SlideJob job, MaskRecord mask) throws IOException {
    out.printf("slide %s: %d tiles at %s µm/px, model %s (%s), %.1f s%n", mask.slideId(), mask.tileCount(),
        mask.micronsPerPixel(), mask.modelId(), mask.modelVersion().substring(0, 12), mask.timings().totalMs() / 1000.0);
    for (OutputFile f : mask.outputs()) {
      out.printf("  %-13s %s  (%d bytes)%n", f.kind(), Path.of(URI.create(f.uri())), f.bytes());
    }
    double total = mask.areasUm2().values().stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sum();
    out.print("  areas:");
    for (Map.Entry<String, Double> a : mask.areasUm2().entrySet()) {
      if (a.getValue() != null) {
        out.printf(" %s %.3f mm² (%.1f%%);", a.getKey(), a.getValue() / 1e6, total > 0 ? 100 * a.getValue() / total : 0);
      }
    }
    out.println();
    out.flush();
  }

  private static int exitCode(RejectionReason reason) {
    return switch (reason) {
      case SLIDE_NOT_FOUND -> ErrorReporter.EXIT_NO_INPUT;
      case PATH_NOT_ALLOWED, SLIDE_UNSUPPORTED, SLIDE_CORRUPT, SLIDE_TOO_LARGE, MALFORMED_RECORD -> ErrorReporter.EXIT_DATA_ERROR;
      case UNKNOWN_MODEL, INVALID_OPTIONS, MEMORY_LIMIT, TILE_LIMIT, JOB_ID_REUSED -> ErrorReporter.EXIT_USAGE;
      case OUTPUT_LIMIT, TIME_LIMIT -> ErrorReporter.EXIT_DATA_ERROR;
      case OUTPUT_STORE_FULL -> EXIT_IO_ERROR;
      case PROCESSING_FAILED -> EXIT_SOFTWARE;
    };
  }
}
