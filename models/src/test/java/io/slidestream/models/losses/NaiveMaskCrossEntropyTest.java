package io.slidestream.models.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.fixtures.SetRasters;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.unet.Head;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class NaiveMaskCrossEntropyTest {

  private final NaiveMaskCrossEntropy loss = new NaiveMaskCrossEntropy();
  private final ActivationSoftmax softmax = new ActivationSoftmax();

  @Test
  void singleClassPixelsGiveCrossEntropyAndEveryOtherSetExactlyNothing() {
    double[] z = {Math.log(1), Math.log(2), Math.log(3)};
    INDArray logits = Nd4j.createFromArray(new double[][] {z, z, z, z});
    INDArray labels = Nd4j.createFromArray(new double[][] {{0, 0, 1}, {0, 1, 1}, {1, 1, 1}, {0, 0, 0}});
    INDArray scores = loss.computeScoreArray(labels, logits, softmax, null);
    assertThat(scores.getDouble(0, 0)).isCloseTo(Math.log(2), within(1e-12)); // -log 3/6
    // A super label, all classes, nothing: ignored by naive masking, weight 1 or not.
    assertThat(scores.getRow(1).toDoubleVector()).containsExactly(0.0);
    assertThat(scores.getRow(2).toDoubleVector()).containsExactly(0.0);
    assertThat(scores.getRow(3).toDoubleVector()).containsExactly(0.0);
    INDArray g = loss.computeGradient(labels, logits, softmax, null);
    assertThat(g.getRow(0).toDoubleVector()).containsExactly(new double[] {1.0 / 6, 2.0 / 6, -0.5}, within(1e-12));
    for (int r = 1; r < 4; r++) {
      assertThat(g.getRow(r).toDoubleVector()).containsExactly(0.0, 0.0, 0.0);
    }
  }

  @Test
  void equalsDl4jMulticlassCrossEntropyAndPartialCrossEntropyOnSingleClassLabels() {
    Random random = new Random(17);
    int rows = 30;
    double[][] z = new double[rows][4];
    double[][] y = new double[rows][4];
    double[][] m = new double[rows][1];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < 4; c++) {
        z[r][c] = 2 * random.nextGaussian();
      }
      y[r][random.nextInt(4)] = 1;
      m[r][0] = r % 5 == 0 ? 0 : random.nextDouble() * 3;
    }
    INDArray logits = Nd4j.createFromArray(z);
    INDArray labels = Nd4j.createFromArray(y);
    INDArray mask = Nd4j.createFromArray(m);
    LossMCXENT reference = new LossMCXENT();
    PartialCrossEntropy partial = new PartialCrossEntropy();
    assertThat(loss.computeScoreArray(labels, logits.dup(), softmax, mask).toDoubleVector())
        .containsExactly(reference.computeScoreArray(labels, logits.dup(), softmax, mask).toDoubleVector(), within(1e-9))
        .containsExactly(partial.computeScoreArray(labels, logits.dup(), softmax, mask).toDoubleVector(), within(1e-9));
    assertThat(loss.computeGradient(labels, logits.dup(), softmax, mask).ravel().toDoubleVector())
        .containsExactly(reference.computeGradient(labels, logits.dup(), softmax, mask).ravel().toDoubleVector(),
            within(1e-12));
  }

  @Test
  void logitsOfPlusMinusThousandStayFinite() {
    INDArray logits = Nd4j.createFromArray(new float[][] {{1000, -1000, 0}, {-1000, 1000, 0}});
    INDArray labels = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 1, 0}});
    INDArray scores = loss.computeScoreArray(labels, logits, softmax, null);
    assertThat(scores.getDouble(0, 0)).isCloseTo(2000, within(1e-3));
    assertThat(scores.getDouble(1, 0)).isCloseTo(0, within(1e-3));
    INDArray g = loss.computeGradient(labels, logits, softmax, null);
    assertThat(g.getRow(0).toDoubleVector()).containsExactly(new double[] {1, -1, 0}, within(1e-6));
    assertThat(g.getRow(1).toDoubleVector()).containsExactly(new double[] {0, 0, 0}, within(1e-6));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    Random random = new Random(23);
    double[][] y = {{1, 0, 0}, {0, 1, 0}, {0, 1, 1}, {1, 1, 1}, {0, 0, 1}};
    double[][] z = new double[y.length][3];
    double[][] m = new double[y.length][1];
    for (int r = 0; r < y.length; r++) {
      for (int c = 0; c < 3; c++) {
        z[r][c] = 2 * random.nextGaussian();
      }
      m[r][0] = 0.5 + r;
    }
    LossChecks.assertGradientMatchesCentralDifferences(loss, Nd4j.createFromArray(y), Nd4j.createFromArray(z),
        softmax, Nd4j.createFromArray(m));
  }

  @Test
  void encodesLikePartialCrossEntropyButCountsOnlySingleClassSets() {
    LabelSetRaster r = SetRasters.parse(3, "0 12 *");
    float[] ours = new float[9];
    float[] partial = new float[9];
    loss.encode(r.data(), r.universe(), 3, ours, 0);
    new PartialCrossEntropy().encode(r.data(), r.universe(), 3, partial, 0);
    assertThat(ours).containsExactly(partial);
    assertThat(loss.carriesLabel(0b001, 0b111)).isTrue();
    assertThat(loss.carriesLabel(0b110, 0b111)).isFalse();
    assertThat(loss.carriesLabel(0b111, 0b111)).isFalse();
    assertThat(loss.head()).isEqualTo(Head.SOFTMAX);
  }

  @Test
  void refusesAnOutputThatIsNotSoftmax() {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 3);
    assertThatThrownBy(() -> loss.computeScore(z, z, new ActivationSigmoid(), null, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("naive-mask").hasMessageContaining("softmax");
  }

  @Test
  void survivesModelSaveAndLoad() {
    ComputationGraph net = TinyNets.graph(loss, 3, 4, 3, 4, DataType.FLOAT, new Adam(0.01), 2);
    ComputationGraph restored = TinyNets.saveAndLoad(net);
    org.deeplearning4j.nn.conf.layers.CnnLossLayer layer = (org.deeplearning4j.nn.conf.layers.CnnLossLayer)
        restored.getLayer("out").conf().getLayer();
    assertThat(layer.getLossFn()).isInstanceOf(NaiveMaskCrossEntropy.class).isEqualTo(loss);
    List<LabelSetRaster> batch = List.of(SetRasters.parse(3, "0 1 2 01", "0 1 2 *", "0 0 1 1", "2 2 * *"));
    TrainingTargets t = TrainingTargets.of(batch, loss, Balancing.MINIBATCH);
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, 4, 4);
    assertThat(restored.outputSingle(input)).isEqualTo(net.outputSingle(input));
    for (ComputationGraph g : List.of(net, restored)) {
      g.setInputs(input);
      g.setLabels(t.labels());
      g.setLayerMaskArrays(null, new INDArray[] {t.mask()});
      g.computeGradientAndScore();
    }
    assertThat(restored.score()).isEqualTo(net.score());
  }
}
