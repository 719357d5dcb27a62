package io.slidestream.models.training;

import io.slidestream.models.eval.EvaluationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Which weights a run keeps and how fast it learns: validation every {@code validate-every}
 * iterations (and after the last), the best-scoring weights kept in a file, and Bokhorst's
 * plateau halving of the learning rate. Its state ({@link #learningRate}, {@link #best},
 * {@link #sinceBest}) goes into checkpoints. Single-threaded.
 */
public final class ModelSelection {

  /** One validation: its report, its overall Dice and whether it was a new best. */
  public record Validated(EvaluationReport report, double dice, boolean best) {}

  private final Validation validation;
  private final Path bestFile;
  private final String name;
  private final int validateEvery;
  private final long iterations;
  private final PlateauHalving schedule;
  private EvaluationReport bestReport;

  /**
   * @param learningRate the current learning rate (the configured one at the start of a run)
   * @param bestDice     the best validation Dice so far (-1 before the first validation)
   * @param sinceBest    validations since that best
   */
  public ModelSelection(TrainingConfig config, Validation validation, Path bestFile, double learningRate,
      double bestDice, int sinceBest) {
    this.validation = Objects.requireNonNull(validation, "validation");
    this.bestFile = Objects.requireNonNull(bestFile, "bestFile");
    this.name = config.name();
    this.validateEvery = config.validateEvery();
    this.iterations = config.iterations();
    this.schedule = new PlateauHalving(learningRate, config.patience(), bestDice, sinceBest);
  }

  /** Whether validation runs after {@code done} iterations. */
  public boolean due(long done) {
    return done % validateEvery == 0 || done == iterations;
  }

  /**
   * Validates {@code net} after {@code done} iterations, keeps its weights if they are the best so
   * far, halves its learning rate after a plateau, and tells {@code progress}.
   */
  public Validated validate(ComputationGraph net, long done, TrainingProgress progress) throws IOException {
    EvaluationReport report = validation.evaluate(net, name + " @ " + done);
    double dice = report.dice().overall();
    double before = schedule.learningRate();
    boolean best = schedule.record(dice);
    if (best) {
      bestReport = report;
      AtomicFiles.network(net, bestFile, false);
    }
    if (schedule.learningRate() != before) {
      net.setLearningRate(schedule.learningRate());
    }
    progress.validated(done, dice, best);
    return new Validated(report, dice, best);
  }

  /**
   * The best weights' validation report: the one seen in this process, else (resumed after the
   * best validation) the best weights evaluated now; null when no validation has run.
   */
  public EvaluationReport bestReport() throws IOException {
    if (bestReport == null && Files.exists(bestFile)) {
      bestReport = validation.evaluate(ModelSerializer.restoreComputationGraph(bestFile.toFile(), false),
          name + " (best)");
    }
    return bestReport;
  }

  public Path bestFile() {
    return bestFile;
  }

  public double learningRate() {
    return schedule.learningRate();
  }

  public double best() {
    return schedule.best();
  }

  public int sinceBest() {
    return schedule.sinceBest();
  }
}
