package io.slidestream.models.losses;

import io.slidestream.models.unet.Head;
import java.util.Arrays;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The checks and conversions every loss applies to what DL4J passes in. */
final class LossArguments {

  private LossArguments() {}

  static void checkHead(Head head, IActivation fn, String lossName) {
    if (!head.matches(fn)) {
      throw new IllegalArgumentException("loss '" + lossName + "' needs a " + head.name().toLowerCase(java.util.Locale.ROOT)
          + " output activation (the loss works on the logits and applies it itself), but the layer has " + fn);
    }
  }

  /** The pre-output, checked: 2-d rows of class logits in float or double. */
  static INDArray logits(INDArray preOutput) {
    if (preOutput.rank() != 2) {
      throw new IllegalArgumentException("expected pre-output rows [pixels, classes], got shape "
          + Arrays.toString(preOutput.shape()));
    }
    DataType t = preOutput.dataType();
    if (t != DataType.FLOAT && t != DataType.DOUBLE) {
      throw new IllegalArgumentException("partial-label losses compute in float or double, not " + t);
    }
    return preOutput;
  }

  /** The labels in the logits' type; shapes must agree. */
  static INDArray labels(INDArray labels, INDArray logits) {
    if (!Arrays.equals(labels.shape(), logits.shape())) {
      throw new IllegalArgumentException("labels " + Arrays.toString(labels.shape()) + " and pre-output "
          + Arrays.toString(logits.shape()) + " differ in shape");
    }
    return labels.castTo(logits.dataType());
  }

  /**
   * The per-row weights as a column {@code [rows, 1]} in the logits' type, or null for none. Only a
   * per-pixel mask is accepted: ambiguity per class is in the labels, not the mask.
   */
  static INDArray rowWeights(INDArray mask, INDArray logits) {
    if (mask == null) {
      return null;
    }
    long rows = logits.size(0);
    if (mask.length() != rows || mask.rank() > 2 || (mask.rank() == 2 && mask.size(1) != 1)) {
      throw new IllegalArgumentException("expected a per-pixel mask of " + rows + " weights ([B,1,H,W] before"
          + " the loss layer reshapes it), got shape " + Arrays.toString(mask.shape())
          + "; per-class ambiguity goes in the labels");
    }
    return mask.reshape(rows, 1).castTo(logits.dataType());
  }

  /**
   * The gradient with every zero a positive zero: a weight of 0 times a negative value is -0.0, and
   * "a pixel of weight 0 contributes exactly nothing" should hold bit for bit, not only by ==.
   */
  static INDArray positiveZeros(INDArray gradient) {
    return gradient.addi(0.0);
  }

  /** Sum of a score column, over rows when {@code average}. */
  static double total(INDArray scoreColumn, boolean average) {
    double sum = scoreColumn.sumNumber().doubleValue();
    return average ? sum / scoreColumn.size(0) : sum;
  }
}
