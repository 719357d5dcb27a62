package io.slidestream.bench;

import io.slidestream.bench.models.Budget;
import io.slidestream.bench.models.HemExperiment;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.models.hem.HemConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream bench hem}: hard example mining against uniform sampling on synthetic tissue
 * with a rare, hard class ({@link HemExperiment}); every size an option whose default is the
 * recorded experiment's.
 */
@Command(name = "hem", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Hard example mining against uniform sampling (the same trainer and error-map worker, floor 1)"
        + " on synthetic tissue whose rare carcinoma-in-situ class covers under 2%% of the tissue: rare-class and"
        + " overall validation Dice, iterations to a target Dice, idle share of each process. Writes the table to"
        + " --table."})
final class HemBenchCommand implements Callable<Integer> {

  private static final HemExperiment.Options DEFAULTS = HemExperiment.Options.defaults(Path.of("work"));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seeds", split = ",", paramLabel = "SEED",
      description = "One run of each arm per seed (default: 1,2,3).")
  List<Long> seeds = DEFAULTS.seeds();

  @Option(names = "--data-seed", description = "Seeds the synthetic slides (default ${DEFAULT-VALUE}).")
  long dataSeed = DEFAULTS.dataSeed();

  @Option(names = "--train-images", description = "Training regions (default ${DEFAULT-VALUE}).")
  int trainImages = DEFAULTS.trainImages();

  @Option(names = "--validation-images", description = "Held-out dense validation regions (default ${DEFAULT-VALUE}).")
  int validationImages = DEFAULTS.validationImages();

  @Option(names = "--size", description = "Region side in pixels (default ${DEFAULT-VALUE}).")
  int size = DEFAULTS.imageSize();

  @Option(names = "--downsample", description = "Level-0 pixels (0.5 µm) per pixel (default ${DEFAULT-VALUE}).")
  int downsample = DEFAULTS.downsample();

  @Option(names = "--rare-fraction", description = "Target share of tissue in the rare class, at most 0.05 (default ${DEFAULT-VALUE}).")
  double rareFraction = DEFAULTS.rareFraction();

  @Option(names = "--iterations", description = "Mini-batches per run (default ${DEFAULT-VALUE}).")
  int iterations = DEFAULTS.budget().iterations();

  @Option(names = "--batch", description = "Patches per mini-batch (default ${DEFAULT-VALUE}).")
  int batch = DEFAULTS.budget().batchSize();

  @Option(names = "--patch", description = "Patch side (default ${DEFAULT-VALUE}).")
  int patch = DEFAULTS.budget().patchSize();

  @Option(names = "--filters", description = "U-Net first-level filters (default ${DEFAULT-VALUE}).")
  int filters = DEFAULTS.budget().filters();

  @Option(names = "--levels", description = "U-Net levels (default ${DEFAULT-VALUE}).")
  int levels = DEFAULTS.budget().levels();

  @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  double learningRate = DEFAULTS.budget().learningRate();

  @Option(names = "--validate-every", description = "Iterations between validations (default ${DEFAULT-VALUE}).")
  int validateEvery = DEFAULTS.validateEvery();

  @Option(names = "--target", description = "Rare-class Dice whose first crossing is reported (default ${DEFAULT-VALUE}).")
  double target = DEFAULTS.targetRareDice();

  @Option(names = "--floor", description = "Mining arm: error-map density floor (default ${DEFAULT-VALUE}; uniform arm: 1).")
  double floor = DEFAULTS.hem().floor();

  @Option(names = "--slide-floor", description = "Mining arm: share of uniform slide choices (default ${DEFAULT-VALUE}; uniform arm: 1).")
  double slideFloor = DEFAULTS.hem().slideFloor();

  @Option(names = "--slide-temperature", description = "Slide-wise mining temperature (default ${DEFAULT-VALUE}).")
  double slideTemperature = DEFAULTS.hem().slideTemperature();

  @Option(names = "--cell-size", description = "Error-map cell side in pixels, a multiple of 16 (default ${DEFAULT-VALUE}).")
  int cellSize = DEFAULTS.hem().cellSize();

  @Option(names = "--k0", description = "Patches per cycle at the start (default ${DEFAULT-VALUE}).")
  int k0 = DEFAULTS.hem().k0();

  @Option(names = "--n-min", description = "Pool size before training starts (default ${DEFAULT-VALUE}).")
  int nMin = DEFAULTS.hem().nMin();

  @Option(names = "--pool", description = "Pool capacity (default ${DEFAULT-VALUE}).")
  int pool = DEFAULTS.hem().poolCapacity();

  @Option(names = "--work", paramLabel = "DIR", description = "Where runs write checkpoints and logs (default ${DEFAULT-VALUE}).")
  Path work = Path.of("work/bench/hem");

  @Option(names = "--table", paramLabel = "FILE", description = "Where the Markdown table goes (default ${DEFAULT-VALUE}).")
  Path table = Path.of("bench/results/hem-latest.md");

  @Override
  public Integer call() throws Exception {
    Path home = SlidestreamConfig.home();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("command: bin/slidestream %s%n", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    HemConfig d = DEFAULTS.hem();
    int kMin = Math.min(d.kMin(), k0);
    HemConfig hem = new HemConfig(true, k0, kMin, Math.max(d.kMax(), k0), d.kStep(), d.kDeadband(), nMin, pool, floor,
        cellSize, slideTemperature, slideFloor, d.errorDecay(), d.workers(), d.patience());
    HemExperiment.Options options = new HemExperiment.Options(seeds, dataSeed, trainImages, validationImages, size,
        downsample, rareFraction, new Budget(iterations, batch, patch, filters, levels, learningRate), validateEvery,
        target, hem, home.resolve(work).normalize());
    HemExperiment.run(options, out, spec.commandLine().getErr(), home.resolve(table).normalize());
    out.flush();
    return 0;
  }
}
