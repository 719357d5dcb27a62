package io.slidestream.models.losses;

import io.slidestream.models.unet.Head;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Partial cross entropy, {@code partial-ce} (methods §2): for a pixel with admissible set S and
 * softmax output q, {@code ℓ = -w · log Σ_{c∈S} q_c}. One loss covers every softmax case:
 * <ul>
 *   <li>|S| = 1: ordinary (weighted) cross entropy;</li>
 *   <li>S = a super label: Kemnitz's SLAC (Eq. 3); S = all classes but the dataset's annotated
 *       ones: Roulet's ACE (Eq. 4);</li>
 *   <li>S = all classes: ℓ = 0, the valid-pixel mask of Bokhorst. Such rows get weight 0 here, so
 *       their loss and gradient are exactly 0, not merely rounded to it.</li>
 * </ul>
 *
 * <p>Labels are multi-hot: 1 for c ∈ S, 0 otherwise (an all-zero row is no label and contributes
 * nothing). The loss is computed on the logits z as {@code logsumexp(z) - logsumexp(z_S)}, each
 * log-sum-exp shifted by its own maximum, so logits of ±1000 neither overflow nor lose the set's
 * term; the gradient with respect to z is {@code q - y·q/s} with {@code s = Σ_{c∈S} q_c}, formed as
 * the difference of the full and the set-restricted softmax.
 */
public final class PartialCrossEntropy extends AbstractPartialLabelLoss {

  public static final String NAME = "partial-ce";

  private static final long serialVersionUID = 1L;

  /**
   * Subtracted from the logits of classes outside S: far below any logit a network produces, so its
   * exponential is exactly 0, and finite so that {@code 0 · FAR} stays 0 for classes inside S.
   */
  private static final double FAR = 1e30;

  @Override
  public Head head() {
    return Head.SOFTMAX;
  }

  @Override
  public void encode(long[] sets, long universe, int classCount, float[] out, int offset) {
    MultiHot.encode(sets, classCount, out, offset);
  }

  @Override
  public boolean carriesLabel(long set, long universe) {
    return set != universe;
  }

  /** Score column [rows, 1] and gradient [rows, classes] with respect to the logits, as asked. */
  @Override
  protected Pair<INDArray, INDArray> compute(INDArray labels, INDArray preOutput, IActivation fn,
      INDArray mask, boolean wantScore, boolean wantGradient) {
    LossArguments.checkHead(Head.SOFTMAX, fn, NAME);
    INDArray z = LossArguments.logits(preOutput);
    INDArray y = LossArguments.labels(labels, z);
    INDArray rowWeights = LossArguments.rowWeights(mask, z);
    DataType type = z.dataType();

    ShiftedExp all = ShiftedExp.of(z);
    // The same on z_S: logits outside S pushed to -FAR, then shifted by the largest logit in S.
    ShiftedExp set = ShiftedExp.ofInPlace(y.sub(1.0).muli(FAR).addi(z));

    // Empty rows carry no label and full rows no information: both weigh exactly 0.
    INDArray size = y.sum(true, 1);
    INDArray weight = size.gt(0).castTo(type).muli(size.lt(z.size(1)).castTo(type));
    if (rowWeights != null) {
      weight.muli(rowWeights);
    }

    INDArray score = null;
    if (wantScore) {
      score = all.logSumExp().subi(set.logSumExp()).muli(weight);
    }
    INDArray gradient = null;
    if (wantGradient) {
      gradient = LossArguments.positiveZeros(
          all.softmaxInPlace().subi(set.softmaxInPlace()).muliColumnVector(weight));
    }
    return new Pair<>(score, gradient);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialCrossEntropy;
  }

  @Override
  public int hashCode() {
    return NAME.hashCode();
  }

  @Override
  public String toString() {
    return "PartialCrossEntropy()";
  }
}
