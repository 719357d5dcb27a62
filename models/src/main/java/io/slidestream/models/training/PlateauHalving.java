package io.slidestream.models.training;

/**
 * Bokhorst's schedule: the learning rate is halved after {@code patience} validations in a row
 * without a new best score. Mutable, single-threaded; its state goes into checkpoints.
 */
final class PlateauHalving {

  private final int patience;
  private double learningRate;
  private double best;
  private int sinceBest;

  PlateauHalving(double learningRate, int patience, double best, int sinceBest) {
    this.learningRate = learningRate;
    this.patience = patience;
    this.best = best;
    this.sinceBest = sinceBest;
  }

  /** Records a validation score (higher is better); returns true if it is a new best. */
  boolean record(double score) {
    if (score > best) {
      best = score;
      sinceBest = 0;
      return true;
    }
    if (++sinceBest >= patience) {
      learningRate /= 2;
      sinceBest = 0;
    }
    return false;
  }

  double learningRate() {
    return learningRate;
  }

  double best() {
    return best;
  }

  int sinceBest() {
    return sinceBest;
  }
}
