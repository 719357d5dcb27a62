package io.slidestream.models.losses;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * The output head a loss is written for: the activation the network's {@code CnnLossLayer} must
 * apply over the channel axis. The losses compute from the pre-activations (logits) themselves and
 * refuse any other activation, since a mismatch would silently train the wrong model.
 */
public enum Head {
  /** One channel per class, softmax over the classes: a pixel belongs to exactly one class. */
  SOFTMAX,
  /** One channel per class, each an independent sigmoid: K binary problems (SMILE, Martin). */
  SIGMOID;

  /** A fresh activation to configure the network's loss layer with. */
  public IActivation activation() {
    return this == SOFTMAX ? new ActivationSoftmax() : new ActivationSigmoid();
  }

  /** True when {@code fn} is this head's activation. */
  public boolean matches(IActivation fn) {
    return this == SOFTMAX ? fn instanceof ActivationSoftmax : fn instanceof ActivationSigmoid;
  }
}
