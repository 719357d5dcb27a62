package io.slidestream.models.losses;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The four entry points DL4J calls on a loss, all answered by one {@link #compute} that yields the
 * per-row score and the gradient together, so score and gradient can never drift apart between the
 * loss functions; and the numerically stable softmax and log-sum-exp of logit rows
 * ({@link ShiftedExp}) that the cross-entropy losses share.
 */
abstract class AbstractPartialLabelLoss implements PartialLabelLoss {

  private static final long serialVersionUID = 1L;

  /**
   * Logit rows {@code z} shifted by their maximum and exponentiated, so that no exponential
   * overflows: {@code max} = the largest logit of each row {@code [rows, 1]}, {@code exp} =
   * {@code exp(z − max)}, {@code sum} = its row sums {@code [rows, 1]}. From them the row's
   * log-sum-exp is {@code log(sum) + max} and its softmax {@code exp / sum}.
   */
  record ShiftedExp(INDArray max, INDArray exp, INDArray sum) {

    /** Of the logits {@code z}, which stay as they are. */
    static ShiftedExp of(INDArray z) {
      INDArray max = z.max(true, 1);
      INDArray exp = Transforms.exp(z.subColumnVector(max), false);
      return new ShiftedExp(max, exp, exp.sum(true, 1));
    }

    /** Of the logits held in {@code z}, which is overwritten with the exponentials. */
    static ShiftedExp ofInPlace(INDArray z) {
      INDArray max = z.max(true, 1);
      Transforms.exp(z.subiColumnVector(max), false);
      return new ShiftedExp(max, z, z.sum(true, 1));
    }

    /** {@code log Σ exp(z)} of each row, as a new column {@code [rows, 1]}. */
    INDArray logSumExp() {
      return Transforms.log(sum, true).addi(max);
    }

    /** The softmax of each row, computed in place of the exponentials (which it overwrites). */
    INDArray softmaxInPlace() {
      return exp.diviColumnVector(sum);
    }
  }

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
