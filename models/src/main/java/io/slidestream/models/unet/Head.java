package io.slidestream.models.unet;

import java.util.Locale;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The network's output head: how the C output channels of a pixel become probabilities.
 *
 * <ul>
 *   <li>{@link #SOFTMAX}: one distribution over C mutually exclusive classes (partial cross entropy,
 *       naive masking, plain cross entropy).
 *   <li>{@link #SIGMOID}: C independent binary classifiers, one per class (SMILE, PBCE/MBCE).
 * </ul>
 */
public enum Head {
  SOFTMAX(Activation.SOFTMAX),
  SIGMOID(Activation.SIGMOID);

  private final Activation activation;

  Head(Activation activation) {
    this.activation = activation;
  }

  /** The DL4J activation the output {@code CnnLossLayer} applies over channels. */
  public Activation activation() {
    return activation;
  }

  /**
   * True when {@code fn} is this head's activation. The partial-label losses compute from the
   * logits and apply the activation themselves, so they refuse a layer configured with another
   * one: a mismatch would silently train the wrong model.
   */
  public boolean matches(IActivation fn) {
    return this == SOFTMAX ? fn instanceof ActivationSoftmax : fn instanceof ActivationSigmoid;
  }

  /** DL4J's plain loss for this head, for tests and for training without partial labels. */
  public ILossFunction defaultLoss() {
    return this == SOFTMAX ? new LossMCXENT() : new LossBinaryXENT();
  }

  /** The configuration name: {@code softmax} or {@code sigmoid}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #configName()} (any case). */
  public static Head fromConfigName(String name) {
    for (Head h : values()) {
      if (h.configName().equalsIgnoreCase(name)) {
        return h;
      }
    }
    throw new IllegalArgumentException("unknown head '" + name + "': expected softmax or sigmoid");
  }
}
