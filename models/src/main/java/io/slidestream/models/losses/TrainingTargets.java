package io.slidestream.models.losses;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.balancing.Balancing;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the network's loss layer is fed for one mini-batch: the labels {@code [B, C, H, W]} written
 * by the loss from each pixel's admissible set, and the per-pixel weights {@code [B, 1, H, W]}
 * from balancing (0 where a pixel carries no label under the loss). Pass them as the graph's
 * labels and label mask.
 */
public record TrainingTargets(INDArray labels, INDArray mask) {

  public TrainingTargets {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(mask, "mask");
  }

  /** Targets in float, the type networks train in. */
  public static TrainingTargets of(List<LabelSetRaster> batch, PartialLabelLoss loss, Balancing balancing) {
    return of(batch, loss, balancing, DataType.FLOAT);
  }

  /**
   * Targets for a batch of patches of one size and class count (the class count is the number of
   * output channels).
   *
   * @param type FLOAT, or DOUBLE for gradient checks
   */
  public static TrainingTargets of(List<LabelSetRaster> batch, PartialLabelLoss loss, Balancing balancing,
      DataType type) {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(balancing, "balancing");
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("a mini-batch needs at least one patch");
    }
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      throw new IllegalArgumentException("targets are float or double, not " + type);
    }
    LabelSetRaster first = batch.get(0);
    int width = first.width();
    int height = first.height();
    int classes = first.classCount();
    for (LabelSetRaster r : batch) {
      if (r.width() != width || r.height() != height || r.classCount() != classes) {
        throw new IllegalArgumentException("patches of a mini-batch must agree in size and classes: " + first
            + " vs " + r);
      }
    }
    long universe = first.universe();
    int pixels = width * height;
    long labelCount = (long) batch.size() * classes * pixels;
    if (labelCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch of " + labelCount + " label values does not fit one array");
    }

    float[] labels = new float[(int) labelCount];
    for (int b = 0; b < batch.size(); b++) {
      loss.encode(batch.get(b).data(), universe, classes, labels, b * classes * pixels);
    }
    float[] weights = balancing.weights(batch, set -> loss.carriesLabel(set, universe));

    long[] labelShape = {batch.size(), classes, height, width};
    long[] maskShape = {batch.size(), 1, height, width};
    INDArray labelArray = Nd4j.create(labels, labelShape, 'c');
    INDArray maskArray = Nd4j.create(weights, maskShape, 'c');
    if (type == DataType.DOUBLE) {
      labelArray = labelArray.castTo(DataType.DOUBLE);
      maskArray = maskArray.castTo(DataType.DOUBLE);
    }
    return new TrainingTargets(labelArray, maskArray);
  }
}
