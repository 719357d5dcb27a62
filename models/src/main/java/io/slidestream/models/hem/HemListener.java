package io.slidestream.models.hem;

import io.slidestream.models.eval.EvaluationReport;
import io.slidestream.models.training.TrainingProgress;

/**
 * What a hard-example-mining run reports as it goes: the iterations and validations of any run,
 * and one {@link HemCycleReport} per cycle. The CLI prints it; the service publishes it on the
 * training topic. An exception thrown here stops the run (its last checkpoint stays valid).
 */
public interface HemListener extends TrainingProgress {

  void cycle(HemCycleReport report);

  /** The full report of a validation after {@code iteration} mini-batches. */
  default void evaluated(long iteration, EvaluationReport report) {}

  /** Reports the cycles only. */
  static HemListener cycles(java.util.function.Consumer<HemCycleReport> consumer) {
    return new HemListener() {
      @Override
      public void cycle(HemCycleReport report) {
        consumer.accept(report);
      }

      @Override
      public void iteration(long iteration, long total, double loss, double learningRate) {}

      @Override
      public void validated(long iteration, double dice, boolean best) {}
    };
  }
}
