package io.slidestream.bench.models;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.runtime.RuntimeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code slidestream bench train}: the partial-annotation experiments of the models issue, each a
 * comparison of training runs with one budget, scored by dense validation Dice per class:
 * <ol>
 *   <li>{@link Experiment#GLAS}: GlaS with simulated sparse annotations, balancing none / instance
 *       / mini-batch, against dense masks (Bokhorst) — {@link GlasSparseExperiment};</li>
 *   <li>{@link Experiment#SUPER_LABEL}: synthetic tissue, half the images with Tumor and CIS merged,
 *       {@code partial-ce} against {@code naive-mask} (Kemnitz);</li>
 *   <li>{@link Experiment#MISSING}: synthetic tissue with a share α of the class annotations
 *       removed, SMILE and SMILEr against cross entropy with missing taken as background (Petit)
 *       — both {@link HeterogeneousLabelExperiment}, which also trains the full-label reference.</li>
 * </ol>
 * The synthetic comparisons run first, GlaS last. Prints each experiment's set-up (split, seed, kept fraction, which labels were changed) and its
 * table as Markdown to {@code out}, progress to {@code log}. Deterministic from the seed (up to
 * floating-point summation order in the native code).
 */
public final class TrainingBenchmark {

  /** The comparisons. */
  public enum Experiment {
    GLAS, SUPER_LABEL, MISSING;

    /** The name on the command line: glas, super-label, missing. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * What to run.
   *
   * @param glasImages              GlaS training images ({@code ../shared/data/glas/train/images})
   * @param glasMasks               their masks
   * @param glasProtocol            the labeling protocol ({@code conf/protocols/glas.conf})
   * @param glasImageLimit          use only the first N pairs (0: all), for quick checks
   * @param glasMicronsPerPixel     recorded in the model files (GlaS is about 0.62 µm/px)
   * @param validationFraction      share of GlaS images held out for validation
   * @param sparseKeepFraction      the sparse simulation's target share of each region
   * @param glas                    budget of every GlaS run
   * @param synthetic               budget of every synthetic run
   * @param syntheticTrainImages    synthetic training images
   * @param syntheticValidationImages synthetic validation images
   * @param syntheticImageSize      their side in pixels
   * @param syntheticDownsample     level-0 pixels (0.5 µm) per image pixel
   * @param alpha                   share of class annotations removed in the missing-annotation experiment
   * @param smilerRounds            SMILEr rounds of the SMILEr run
   * @param seed                    the one seed: split, sparse simulation, merged and removed labels,
   *                                sampling, augmentation, initialisation
   * @param workDir                 where the runs' checkpoints, logs and models go
   * @param experiments             which comparisons to run
   */
  public record Options(Path glasImages, Path glasMasks, Path glasProtocol, int glasImageLimit,
      double glasMicronsPerPixel, double validationFraction, double sparseKeepFraction, Budget glas,
      Budget synthetic, int syntheticTrainImages, int syntheticValidationImages, int syntheticImageSize,
      int syntheticDownsample, double alpha, int smilerRounds, long seed, Path workDir, Set<Experiment> experiments) {

    public Options {
      experiments = Set.copyOf(experiments);
      if (experiments.isEmpty()) {
        throw new IllegalArgumentException("no experiment to run");
      }
      if (syntheticTrainImages < 2 || syntheticValidationImages < 1 || syntheticImageSize < 1
          || syntheticDownsample < 1) {
        throw new IllegalArgumentException("the synthetic experiments need at least 2 training images and 1"
            + " validation image of a positive size");
      }
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
      }
      if (smilerRounds < 1) {
        throw new IllegalArgumentException("the SMILEr run needs at least one round, got " + smilerRounds);
      }
    }

    /**
     * The benchmark as recorded in the README, sized to finish in about an hour on two shared
     * cores: GlaS at 128 px with a 16/4 U-Net, synthetic tissue at 96 px with an 8/4 U-Net.
     */
    public static Options defaults(Path glasTrain, Path glasProtocol, Path workDir) {
      return new Options(glasTrain.resolve("images"), glasTrain.resolve("masks"), glasProtocol, 0, 0.62, 0.2, 0.15,
          new Budget(300, 8, 128, 16, 4, 1e-3), new Budget(600, 8, 96, 8, 4, 2e-3), 10, 4, 512, 4, 0.5, 2, 42,
          workDir, EnumSet.allOf(Experiment.class));
    }
  }

  private TrainingBenchmark() {}

  /** Runs the chosen experiments; returns every run in table order. */
  public static List<BenchRun> run(Options o, PrintWriter out, PrintWriter log) throws IOException {
    RuntimeReport runtime = Dl4jRuntime.initialise();
    out.printf(Locale.ROOT, "# Training benchmark: sparse annotations and partial labels%n%n");
    String waitPolicy = System.getenv("OMP_WAIT_POLICY");
    out.printf(Locale.ROOT, "seed %d; runtime: %s; cores: %d; OMP_WAIT_POLICY=%s%n", o.seed(), runtime.summary(),
        Runtime.getRuntime().availableProcessors(), waitPolicy == null ? "(unset)" : waitPolicy);
    out.flush();
    BenchTraining training = new BenchTraining(o.workDir(), o.seed(), log);
    List<BenchRun> runs = new ArrayList<>();
    if (o.experiments().contains(Experiment.SUPER_LABEL) || o.experiments().contains(Experiment.MISSING)) {
      HeterogeneousLabelExperiment.Data data = HeterogeneousLabelExperiment.data(o);
      out.printf(Locale.ROOT, "%n## Synthetic tissue with heterogeneous labels%n%n");
      HeterogeneousLabelExperiment.describe(o, data, out);
      out.flush();
      BenchRun full = HeterogeneousLabelExperiment.fullLabels(o, data, training);
      runs.add(full);
      if (o.experiments().contains(Experiment.SUPER_LABEL)) {
        runs.addAll(HeterogeneousLabelExperiment.superLabel(o, data, training, full, out).subList(1, 3));
      }
      if (o.experiments().contains(Experiment.MISSING)) {
        runs.addAll(HeterogeneousLabelExperiment.missing(o, data, training, full, out).subList(1, 4));
      }
    }
    // GlaS last: its runs are the longest, and the synthetic tables come out sooner.
    if (o.experiments().contains(Experiment.GLAS)) {
      runs.addAll(GlasSparseExperiment.run(o, training, out, log));
    }
    return runs;
  }
}
