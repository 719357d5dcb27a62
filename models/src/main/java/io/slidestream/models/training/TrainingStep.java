package io.slidestream.models.training;

import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.data.Batch;
import io.slidestream.models.losses.PartialLabelLoss;
import io.slidestream.models.losses.TrainingTargets;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * One training iteration on one mini-batch, whoever chose its patches (uniform sampling in
 * {@link Trainer}, the hard-example pool in {@code models.hem}): the batch's label sets become
 * targets and a mask for the partial-label loss with balancing applied per batch, the network
 * takes one optimiser step, and the batch's native buffers are freed at once.
 */
public final class TrainingStep {

  private final PartialLabelLoss loss;
  private final Balancing balancing;

  public TrainingStep(PartialLabelLoss loss, Balancing balancing) {
    this.loss = Objects.requireNonNull(loss, "loss");
    this.balancing = Objects.requireNonNull(balancing, "balancing");
  }

  /** The step a configuration names (its loss and balancing). */
  public static TrainingStep of(TrainingConfig config) {
    return new TrainingStep(io.slidestream.models.losses.Losses.named(config.loss()), Balancing.named(config.balancing()));
  }

  /** Fits {@code net} to {@code batch}; returns the batch's loss. The batch's arrays are closed afterwards. */
  public double fit(ComputationGraph net, Batch batch) {
    TrainingTargets targets = TrainingTargets.of(batch.labels(), loss, balancing);
    net.fit(new MultiDataSet(new INDArray[] {batch.features()}, new INDArray[] {targets.labels()}, null,
        new INDArray[] {targets.mask()}));
    double score = net.score();
    // Free the batch's native buffers now rather than whenever the garbage collector gets to
    // their Java wrappers: off-heap memory then stays level instead of swinging with the heap.
    net.clear();
    Release.now(batch.features(), targets.labels(), targets.mask());
    return score;
  }
}
