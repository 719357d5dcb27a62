package io.slidestream.models.io;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A project-style custom loss with state, standing in for the partial-label losses: cross entropy
 * times a weight. Its weight must survive a model file round trip.
 */
public final class ScaledCrossEntropy implements ILossFunction {

  private static final long serialVersionUID = 1L;

  @JsonProperty("weight")
  private double weight;

  // Transient: DL4J's Jackson must store the weight only.
  private final transient LossMCXENT plain = new LossMCXENT();

  public ScaledCrossEntropy() {
    this(1);
  }

  public ScaledCrossEntropy(double weight) {
    this.weight = weight;
  }

  public double weight() {
    return weight;
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    return weight * plain.computeScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return plain.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return plain.computeGradient(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "scaled-cross-entropy";
  }
}
