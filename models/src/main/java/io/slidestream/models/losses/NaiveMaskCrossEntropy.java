package io.slidestream.models.losses;

import io.slidestream.models.unet.Head;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Naive masking, {@code naive-mask} (Kemnitz Eq. 2), the baseline the partial losses must beat:
 * ordinary weighted cross entropy {@code ℓ = -w · log q_k} on pixels whose set is a single class
 * {k}, and nothing at all wherever |S| > 1 (a super label, a background-or-missing region, an
 * unannotated pixel), which throws away what those sets do say.
 *
 * <p>It reads the same multi-hot labels as {@link PartialCrossEntropy}, so the two are
 * interchangeable in a configuration; a row whose labels do not sum to exactly 1 is not a certain
 * label and weighs 0 here, whatever the mask says. Computed on the logits as
 * {@code logsumexp(z) - z_k}; the gradient is {@code q - y}.
 */
public final class NaiveMaskCrossEntropy extends AbstractPartialLabelLoss {

  public static final String NAME = "naive-mask";

  private static final long serialVersionUID = 1L;

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
    return set != universe && (set & (set - 1)) == 0;
  }

  @Override
  protected Pair<INDArray, INDArray> compute(INDArray labels, INDArray preOutput, IActivation fn,
      INDArray mask, boolean wantScore, boolean wantGradient) {
    LossArguments.checkHead(Head.SOFTMAX, fn, NAME);
    INDArray z = LossArguments.logits(preOutput);
    INDArray y = LossArguments.labels(labels, z);
    INDArray rowWeights = LossArguments.rowWeights(mask, z);
    DataType type = z.dataType();

    ShiftedExp all = ShiftedExp.of(z);

    INDArray weight = y.sum(true, 1).eq(1.0).castTo(type);
    if (rowWeights != null) {
      weight.muli(rowWeights);
    }

    INDArray score = null;
    if (wantScore) {
      // -log q_k = logsumexp(z) - z_k, with z_k picked out by the one-hot row.
      INDArray picked = y.mul(z).sum(true, 1);
      score = all.logSumExp().subi(picked).muli(weight);
    }
    INDArray gradient = null;
    if (wantGradient) {
      gradient = LossArguments.positiveZeros(all.softmaxInPlace().subi(y).muliColumnVector(weight));
    }
    return new Pair<>(score, gradient);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NaiveMaskCrossEntropy;
  }

  @Override
  public int hashCode() {
    return NAME.hashCode();
  }

  @Override
  public String toString() {
    return "NaiveMaskCrossEntropy()";
  }
}
