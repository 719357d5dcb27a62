package io.slidestream.bench;

import io.slidestream.bench.models.Budget;
import io.slidestream.bench.models.TrainingBenchmark;
import io.slidestream.bench.models.TrainingBenchmark.Experiment;
import io.slidestream.bench.models.TrainingMemoryBenchmark;
import io.slidestream.config.SlidestreamConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream bench train}: the partial-annotation experiments ({@link TrainingBenchmark}),
 * every size an option whose default is the recorded benchmark's.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Training with partial labels: GlaS with sparse annotations (balancing none / instance /"
        + " minibatch against dense masks), and synthetic tissue with super labels (partial-ce against naive-mask)"
        + " and with missing annotations (SMILE and SMILEr against cross entropy). Prints dense validation Dice"
        + " per class as Markdown tables."})
final class TrainBenchCommand implements Callable<Integer> {

  private static final TrainingBenchmark.Options DEFAULTS = TrainingBenchmark.Options.defaults(Path.of("glas"),
      Path.of("glas.conf"), Path.of("work"));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--experiments", split = ",", paramLabel = "NAME",
      description = "Which comparisons: glas, super-label, missing (default: all).")
  List<String> experiments = List.of("glas", "super-label", "missing");

  @Option(names = "--seed", description = "The one seed of everything (default ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(names = "--work", paramLabel = "DIR", description = "Where runs write checkpoints, logs and models (default ${DEFAULT-VALUE}).")
  Path work = Path.of("work/bench/train");

  @Option(names = "--glas", paramLabel = "DIR", description = "GlaS training set with images/ and masks/ (default ${DEFAULT-VALUE}).")
  Path glas = Path.of("../shared/data/glas/train");

  @Option(names = "--glas-protocol", paramLabel = "FILE", description = "Labeling protocol of the GlaS masks (default ${DEFAULT-VALUE}).")
  Path glasProtocol = Path.of("conf/protocols/glas.conf");

  @Option(names = "--glas-images", paramLabel = "N", description = "Use only the first N GlaS images (0: all; default ${DEFAULT-VALUE}).")
  int glasImages = DEFAULTS.glasImageLimit();

  @Option(names = "--keep-fraction", description = "Sparse simulation: share of each region kept (default ${DEFAULT-VALUE}).")
  double keepFraction = DEFAULTS.sparseKeepFraction();

  @Option(names = "--glas-iterations", description = "GlaS runs: iterations (default ${DEFAULT-VALUE}).")
  int glasIterations = DEFAULTS.glas().iterations();

  @Option(names = "--glas-batch", description = "GlaS runs: patches per batch (default ${DEFAULT-VALUE}).")
  int glasBatch = DEFAULTS.glas().batchSize();

  @Option(names = "--glas-patch", description = "GlaS runs: patch side (default ${DEFAULT-VALUE}).")
  int glasPatch = DEFAULTS.glas().patchSize();

  @Option(names = "--glas-filters", description = "GlaS runs: first-level filters (default ${DEFAULT-VALUE}).")
  int glasFilters = DEFAULTS.glas().filters();

  @Option(names = "--glas-levels", description = "GlaS runs: U-Net levels (default ${DEFAULT-VALUE}).")
  int glasLevels = DEFAULTS.glas().levels();

  @Option(names = "--glas-lr", description = "GlaS runs: Adam learning rate (default ${DEFAULT-VALUE}).")
  double glasLearningRate = DEFAULTS.glas().learningRate();

  @Option(names = "--synthetic-iterations", description = "Synthetic runs: iterations (default ${DEFAULT-VALUE}).")
  int syntheticIterations = DEFAULTS.synthetic().iterations();

  @Option(names = "--synthetic-batch", description = "Synthetic runs: patches per batch (default ${DEFAULT-VALUE}).")
  int syntheticBatch = DEFAULTS.synthetic().batchSize();

  @Option(names = "--synthetic-patch", description = "Synthetic runs: patch side (default ${DEFAULT-VALUE}).")
  int syntheticPatch = DEFAULTS.synthetic().patchSize();

  @Option(names = "--synthetic-filters", description = "Synthetic runs: first-level filters (default ${DEFAULT-VALUE}).")
  int syntheticFilters = DEFAULTS.synthetic().filters();

  @Option(names = "--synthetic-levels", description = "Synthetic runs: U-Net levels (default ${DEFAULT-VALUE}).")
  int syntheticLevels = DEFAULTS.synthetic().levels();

  @Option(names = "--synthetic-lr", description = "Synthetic runs: Adam learning rate (default ${DEFAULT-VALUE}).")
  double syntheticLearningRate = DEFAULTS.synthetic().learningRate();

  @Option(names = "--synthetic-train-images", description = "Synthetic training images (default ${DEFAULT-VALUE}).")
  int syntheticTrain = DEFAULTS.syntheticTrainImages();

  @Option(names = "--synthetic-validation-images", description = "Synthetic validation images (default ${DEFAULT-VALUE}).")
  int syntheticValidation = DEFAULTS.syntheticValidationImages();

  @Option(names = "--synthetic-size", description = "Synthetic image side in pixels (default ${DEFAULT-VALUE}).")
  int syntheticSize = DEFAULTS.syntheticImageSize();

  @Option(names = "--synthetic-downsample", description = "Synthetic images: level-0 pixels (0.5 µm) per pixel (default ${DEFAULT-VALUE}).")
  int syntheticDownsample = DEFAULTS.syntheticDownsample();

  @Option(names = "--alpha", description = "Missing-annotation experiment: share of class annotations removed (default ${DEFAULT-VALUE}).")
  double alpha = DEFAULTS.alpha();

  @Option(names = "--smiler-rounds", description = "SMILEr rounds of the SMILEr run (default ${DEFAULT-VALUE}).")
  int smilerRounds = DEFAULTS.smilerRounds();

  @Option(names = "--memory", description = "Instead of the experiments: train a tiny U-Net for --memory-iterations"
      + " and report heap, off-heap and resident memory early and at the end.")
  boolean memory;

  @Option(names = "--memory-iterations", description = "Iterations of the memory run (default ${DEFAULT-VALUE}).")
  int memoryIterations = 500;

  @Override
  public Integer call() throws Exception {
    Path home = SlidestreamConfig.home();
    PrintWriter out = spec.commandLine().getOut();
    // The root command's parse result holds the whole command line, "bench train" included.
    out.printf("command: bin/slidestream %s%n", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    if (memory) {
      TrainingMemoryBenchmark.Options d = TrainingMemoryBenchmark.Options.defaults(home.resolve(work).resolve("memory"));
      TrainingMemoryBenchmark.run(new TrainingMemoryBenchmark.Options(memoryIterations, d.early(), d.budget(),
          d.imageSize(), d.validateEvery(), seed, d.workDir()), out);
      return 0;
    }
    EnumSet<Experiment> chosen = EnumSet.noneOf(Experiment.class);
    for (String name : experiments) {
      chosen.add(experiment(name));
    }
    TrainingBenchmark.Options options = new TrainingBenchmark.Options(
        home.resolve(glas).resolve("images").normalize(), home.resolve(glas).resolve("masks").normalize(),
        home.resolve(glasProtocol).normalize(), glasImages, DEFAULTS.glasMicronsPerPixel(),
        DEFAULTS.validationFraction(), keepFraction,
        new Budget(glasIterations, glasBatch, glasPatch, glasFilters, glasLevels, glasLearningRate),
        new Budget(syntheticIterations, syntheticBatch, syntheticPatch, syntheticFilters, syntheticLevels,
            syntheticLearningRate),
        syntheticTrain, syntheticValidation, syntheticSize, syntheticDownsample, alpha, smilerRounds, seed,
        home.resolve(work).normalize(), chosen);
    PrintWriter err = spec.commandLine().getErr();
    TrainingBenchmark.run(options, out, err);
    out.flush();
    return 0;
  }

  private Experiment experiment(String name) {
    for (Experiment e : Experiment.values()) {
      if (e.configName().equals(name.trim())) {
        return e;
      }
    }
    throw new CommandLine.ParameterException(spec.commandLine(), "unknown experiment '" + name
        + "'; expected glas, super-label or missing");
  }
}
