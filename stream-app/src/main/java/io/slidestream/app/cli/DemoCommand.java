package io.slidestream.app.cli;

import io.slidestream.app.demo.DemoRun;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slidestream demo}: the whole service on the embedded default, end to end, in minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole service on the embedded default: broker, synthetic slide, small model, masks."
        + " Creates a synthetic slide with sparse annotations, trains a small model on it (or reuses the one"
        + " trained before), submits the slide and prints where the mask, overview and GeoJSON are.")
final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--train-minutes", paramLabel = "MIN", defaultValue = "2",
      description = "Training time budget in minutes (default: ${DEFAULT-VALUE}); the pace is measured over the first 20 iterations.")
  double trainMinutes;

  @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "2000",
      description = "Training iterations at most (default: ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(names = "--retrain", description = "Train a new model even if the demo trained one before.")
  boolean retrain;

  @Option(names = "--slide-size", paramLabel = "PX", defaultValue = "6144",
      description = "Side of the synthetic slide in level-0 pixels at 0.5 µm/px (default: ${DEFAULT-VALUE}).")
  int slideSize;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the synthetic slide (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT20M",
      description = "How long to wait for the slide's mask, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (!(trainMinutes > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--train-minutes must be positive");
    }
    if (slideSize < 1024 || slideSize > 65536) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--slide-size must be 1024..65536");
    }
    DemoRun.Options options = new DemoRun.Options(Duration.ofMillis((long) (trainMinutes * 60_000)), maxIterations,
        retrain, slideSize, seed, timeout);
    var err = spec.commandLine().getErr();
    DemoRun.Outcome outcome = new DemoRun(options, err, new SubmitCommand.Progress(err, "job")).run();
    var out = spec.commandLine().getOut();
    if (outcome.result() instanceof io.slidestream.service.client.JobFollower.Result.Finished f) {
      out.println();
      out.printf("The demo slide went through the service in %.1f s (%d tiles).%n", f.mask().timings().totalMs() / 1000.0,
          f.mask().tileCount());
      for (var o : f.mask().outputs()) {
        out.printf("  %-13s %s%n", label(o.kind()) + ":", SubmitCommand.displayPath(o.uri()));
      }
      out.printf("  %-13s %s%n", "slide:", outcome.slide());
      out.printf("  %-13s %s%n", "annotations:", outcome.annotations());
      out.printf("  %-13s %s%n", "truth mask:", outcome.truthMask());
      out.printf("  %-13s %s%n", "model:", outcome.model());
      out.println();
      out.println("Open the slide in QuPath and import the GeoJSON to see the predicted regions over it.");
      return 0;
    }
    return SubmitCommand.report(outcome.result(), outcome.job(), out, err);
  }

  private static String label(String kind) {
    return switch (kind) {
      case "mask-tiff" -> "mask";
      case "overview-png" -> "overview";
      case "geojson" -> "GeoJSON";
      case "areas-json" -> "areas";
      default -> kind;
    };
  }
}
