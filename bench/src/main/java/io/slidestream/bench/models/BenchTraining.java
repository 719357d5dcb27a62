package io.slidestream.bench.models;

import io.slidestream.images.LabelClass;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.training.SmilerConfig;
import io.slidestream.models.training.Trainer;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingProgress;
import io.slidestream.models.training.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains one run of a comparison with the {@link Trainer}: every run of a comparison has the same
 * budget, seed (sampling, augmentation, initialisation) and augmentation; validation runs once, on
 * the final weights, so each row scores the same number of steps (no model selection on the
 * validation images, no learning-rate halving).
 */
final class BenchTraining {

  /** Flips and right-angle turns only: cheap, label-exact, the same for every run. */
  static final String AUGMENTATION = "flip, rot90";

  private final Path workDir;
  private final long seed;
  private final PrintWriter log;

  BenchTraining(Path workDir, long seed, PrintWriter log) {
    this.workDir = workDir;
    this.seed = seed;
    this.log = log;
  }

  /** A run description: what the table says about it and how it is trained. */
  record Spec(String experiment, String name, String labels, String loss, String balancing, SmilerConfig smiler) {}

  BenchRun train(Spec spec, Budget budget, InMemoryPatchSource train, InMemoryPatchSource validation,
      List<LabelClass> classes, int background, double micronsPerPixel) throws IOException {
    Path out = workDir.resolve(spec.experiment()).resolve(spec.name());
    TrainingConfig config = new TrainingConfig(spec.name(), seed, out, Path.of("in-memory/images"),
        Path.of("in-memory/masks"), Path.of("in-memory/protocol"), 0.5, 0, budget.levels(), budget.filters(),
        budget.patchSize(), micronsPerPixel, spec.loss(), spec.balancing(), AUGMENTATION, budget.batchSize(),
        budget.iterations(), budget.learningRate(), budget.iterations(), 1, budget.iterations())
        .withSmiler(spec.smiler());
    Trainer trainer = new Trainer(config, train, validation, classes, background);
    Progress progress = new Progress(spec.experiment() + "/" + spec.name());
    long start = System.nanoTime();
    TrainingResult result = trainer.run(false, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    log.printf(Locale.ROOT, "%s/%s: overall Dice %.3f after %d iterations, %.0f s%n", spec.experiment(), spec.name(),
        result.bestDice(), budget.iterations(), seconds);
    log.flush();
    String loss = spec.smiler().enabled() ? spec.loss() + " + " + spec.smiler().rounds() + " SMILEr rounds"
        : spec.loss();
    return new BenchRun(spec.experiment(), spec.name(), spec.labels(), loss, spec.balancing(), result.report(),
        seconds, progress.relabelled);
  }

  /** A line every tenth of the run, and one per SMILEr round. */
  private final class Progress implements TrainingProgress {
    private final String run;
    private long relabelled;

    Progress(String run) {
      this.run = run;
    }

    @Override
    public void iteration(long iteration, long total, double loss, double learningRate) {
      if (iteration % Math.max(1, total / 10) == 0) {
        log.printf(Locale.ROOT, "  %s: %d/%d loss %.4f%n", run, iteration, total, loss);
        log.flush();
      }
    }

    @Override
    public void validated(long iteration, double dice, boolean best) {}

    @Override
    public void relabelled(long iteration, int round, double gamma, long[] added) {
      long n = 0;
      for (long a : added) {
        n += a;
      }
      relabelled += n;
      log.printf(Locale.ROOT, "  %s: SMILEr round %d before iteration %d, gamma %.2f: %d pixels relabelled %s%n", run,
          round, iteration + 1, gamma, n, java.util.Arrays.toString(added));
      log.flush();
    }
  }
}
