package io.slidestream.models.training;

/** What a run reports as it goes: the CLI prints it, the service may publish it. */
public interface TrainingProgress {

  void iteration(long iteration, long total, double loss, double learningRate);

  void validated(long iteration, double dice, boolean best);

  /**
   * A SMILEr round began before iteration {@code iteration + 1}: {@code added[k]} ambiguous pixels
   * became certain positives of class k, with γ = {@code gamma}.
   */
  default void relabelled(long iteration, int round, double gamma, long[] added) {}

  /** Says nothing. */
  static TrainingProgress silent() {
    return new TrainingProgress() {
      @Override
      public void iteration(long iteration, long total, double loss, double learningRate) {}

      @Override
      public void validated(long iteration, double dice, boolean best) {}
    };
  }
}
