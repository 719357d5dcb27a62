package io.slidestream.models.losses;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The four entry points DL4J calls on a loss, all answered by one {@link #compute} that yields the
 * per-row score and the gradient together, so score and gradient can never drift apart between the
 * loss functions.
 */
abstract class AbstractPartialLabelLoss implements PartialLabelLoss {

  private static final long serialVersionUID = 1L;

  /**
   * Per-row scores {@code [rows, 1]} (null unless {@code wantScore}) and the gradient with respect
   * to the pre-activations (null unless {@code wantGradient}), both already multiplied by the mask.
   */
  protected abstract Pair<INDArray, INDArray> compute(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean wantScore, boolean wantGradient);

  @Override
  public final double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    return LossArguments.total(compute(labels, preOutput, activationFn, mask, true, false).getFirst(), average);
  }

  @Override
  public final INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return compute(labels, preOutput, activationFn, mask, true, false).getFirst();
  }

  @Override
  public final INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return compute(labels, preOutput, activationFn, mask, false, true).getSecond();
  }

  @Override
  public final Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    Pair<INDArray, INDArray> r = compute(labels, preOutput, activationFn, mask, true, true);
    return new Pair<>(LossArguments.total(r.getFirst(), average), r.getSecond());
  }
}
