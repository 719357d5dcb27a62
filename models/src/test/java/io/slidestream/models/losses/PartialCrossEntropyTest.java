package io.slidestream.models.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.fixtures.SetRasters;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.fixtures.ColourPatch;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.unet.Head;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

@ExtendWith(SingleThreadedNd4j.class)
class PartialCrossEntropyTest {

  private final PartialCrossEntropy loss = new PartialCrossEntropy();
  private final ActivationSoftmax softmax = new ActivationSoftmax();

  @Test
  void scoreAndGradientMatchHandComputedValues() {
    // z = ln(1, 2, 3): q = (1/6, 2/6, 3/6).
    double[] z = {Math.log(1), Math.log(2), Math.log(3)};
    INDArray logits = Nd4j.createFromArray(new double[][] {z, z, z, z});
    INDArray labels = Nd4j.createFromArray(new double[][] {
        {0, 1, 1},   // super label {1,2}: s = 5/6
        {1, 0, 0},   // {0}: -log 1/6
        {1, 1, 1},   // all classes: no information
        {0, 0, 0}}); // empty: no label
    INDArray scores = loss.computeScoreArray(labels, logits, softmax, null);
    assertThat(scores.shape()).containsExactly(4, 1);
    assertThat(scores.getDouble(0, 0)).isCloseTo(-Math.log(5.0 / 6), within(1e-12));
    assertThat(scores.getDouble(1, 0)).isCloseTo(Math.log(6), within(1e-12));
    assertThat(scores.getDouble(2, 0)).isEqualTo(0.0);
    assertThat(scores.getDouble(3, 0)).isEqualTo(0.0);

    // q - y·q/s: (1/6, 2/6 - 2/5, 3/6 - 3/5) for {1,2}; q - e_0 for {0}.
    INDArray g = loss.computeGradient(labels, logits, softmax, null);
    assertThat(g.getRow(0).toDoubleVector()).containsExactly(new double[] {1.0 / 6, -1.0 / 15, -0.1}, within(1e-12));
    assertThat(g.getRow(1).toDoubleVector()).containsExactly(new double[] {-5.0 / 6, 2.0 / 6, 3.0 / 6}, within(1e-12));
    assertThat(g.getRow(2).toDoubleVector()).containsExactly(0.0, 0.0, 0.0);
    assertThat(g.getRow(3).toDoubleVector()).containsExactly(0.0, 0.0, 0.0);

    assertThat(loss.computeScore(labels, logits, softmax, null, false))
        .isCloseTo(-Math.log(5.0 / 6) + Math.log(6), within(1e-12));
    assertThat(loss.computeScore(labels, logits, softmax, null, true))
        .isCloseTo((-Math.log(5.0 / 6) + Math.log(6)) / 4, within(1e-12));
  }

  @Test
  void maskWeightsMultiplyLossAndGradientAndZeroWeightGivesExactZeros() {
    INDArray logits = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 2.0}, {0.3, -1.2, 2.0}});
    INDArray labels = Nd4j.createFromArray(new double[][] {{1, 1, 0}, {1, 1, 0}});
    INDArray mask = Nd4j.createFromArray(new double[][] {{2.5}, {0}});
    INDArray plain = loss.computeScoreArray(labels, logits, softmax, null);
    INDArray weighted = loss.computeScoreArray(labels, logits, softmax, mask);
    assertThat(weighted.getDouble(0, 0)).isCloseTo(2.5 * plain.getDouble(0, 0), within(1e-12));
    assertThat(weighted.getDouble(1, 0)).isEqualTo(0.0);
    INDArray g = loss.computeGradient(labels, logits, softmax, mask);
    INDArray g1 = loss.computeGradient(labels, logits, softmax, null);
    assertThat(g.getRow(0).toDoubleVector()).containsExactly(g1.getRow(0).mul(2.5).toDoubleVector(), within(1e-12));
    // Bit for bit +0.0, not -0.0 from 0 times a negative value.
    assertThat(g.getRow(1).toDoubleVector()).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void singletonSetsGiveExactlyDl4jMulticlassCrossEntropyScoreAndGradient() {
    Random random = new Random(7);
    int rows = 40;
    int classes = 5;
    double[][] z = new double[rows][classes];
    double[][] y = new double[rows][classes];
    double[][] m = new double[rows][1];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < classes; c++) {
        z[r][c] = 3 * random.nextGaussian();
      }
      y[r][random.nextInt(classes)] = 1;
      m[r][0] = r % 7 == 0 ? 0 : 0.5 + random.nextDouble();
    }
    INDArray logits = Nd4j.createFromArray(z);
    INDArray labels = Nd4j.createFromArray(y);
    INDArray mask = Nd4j.createFromArray(m);
    LossMCXENT reference = new LossMCXENT();
    for (INDArray w : new INDArray[] {null, mask}) {
      assertThat(loss.computeScoreArray(labels, logits.dup(), softmax, w).toDoubleVector())
          .containsExactly(reference.computeScoreArray(labels, logits.dup(), softmax, w).toDoubleVector(), within(1e-9));
      assertThat(loss.computeScore(labels, logits.dup(), softmax, w, true))
          .isCloseTo(reference.computeScore(labels, logits.dup(), softmax, w, true), within(1e-9));
      assertThat(loss.computeScore(labels, logits.dup(), softmax, w, false))
          .isCloseTo(reference.computeScore(labels, logits.dup(), softmax, w, false), within(1e-9));
      INDArray ours = loss.computeGradient(labels, logits.dup(), softmax, w);
      INDArray theirs = reference.computeGradient(labels, logits.dup(), softmax, w);
      assertThat(ours.ravel().toDoubleVector()).containsExactly(theirs.ravel().toDoubleVector(), within(1e-12));
    }
  }

  @Test
  void logitsOfPlusMinusThousandNeitherOverflowNorLoseTheSetTerm() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray logits = Nd4j.createFromArray(new double[][] {
          {1000, -1000, 0}, {1000, -1000, 0}, {1000, -1000, 0}, {-1000, -1000, 1000}}).castTo(type);
      INDArray labels = Nd4j.createFromArray(new double[][] {
          {0, 1, 0},    // -log q_1 = 2000
          {0, 1, 1},    // -log(q_1 + q_2) = 1000
          {1, 0, 0},    // -log q_0 = 0
          {1, 1, 0}}).castTo(type);   // -log(q_0 + q_1) = 2000 - log 2
      INDArray scores = loss.computeScoreArray(labels, logits, softmax, null);
      assertThat(scores.getDouble(0, 0)).as(type.toString()).isCloseTo(2000, within(1e-3));
      assertThat(scores.getDouble(1, 0)).as(type.toString()).isCloseTo(1000, within(1e-3));
      assertThat(scores.getDouble(2, 0)).as(type.toString()).isCloseTo(0, within(1e-3));
      assertThat(scores.getDouble(3, 0)).as(type.toString()).isCloseTo(2000 - Math.log(2), within(1e-3));
      INDArray g = loss.computeGradient(labels, logits, softmax, null);
      assertThat(g.getRow(0).toDoubleVector()).containsExactly(new double[] {1, -1, 0}, within(1e-6));
      assertThat(g.getRow(1).toDoubleVector()).containsExactly(new double[] {1, 0, -1}, within(1e-6));
      assertThat(g.getRow(2).toDoubleVector()).containsExactly(new double[] {0, 0, 0}, within(1e-6));
      assertThat(g.getRow(3).toDoubleVector()).containsExactly(new double[] {-0.5, -0.5, 1}, within(1e-6));
    }
  }

  @Test
  void gradientMatchesCentralDifferencesWithSuperLabelsAndWeights() {
    Random random = new Random(11);
    double[][] y = {
        {1, 0, 0, 0}, {0, 1, 1, 0}, {1, 0, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 1}, {0, 1, 1, 1}, {1, 1, 0, 0}};
    double[][] z = new double[y.length][4];
    double[][] m = new double[y.length][1];
    for (int r = 0; r < y.length; r++) {
      for (int c = 0; c < 4; c++) {
        z[r][c] = 2 * random.nextGaussian();
      }
      m[r][0] = r == 4 ? 0 : 0.25 + r;
    }
    LossChecks.assertGradientMatchesCentralDifferences(loss, Nd4j.createFromArray(y), Nd4j.createFromArray(z),
        softmax, Nd4j.createFromArray(m));
    LossChecks.assertGradientMatchesCentralDifferences(loss, Nd4j.createFromArray(y), Nd4j.createFromArray(z),
        softmax, null);
  }

  @Test
  void refusesAnOutputThatIsNotSoftmax() {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 3);
    assertThatThrownBy(() -> loss.computeGradient(z, z, new ActivationSigmoid(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("softmax");
    INDArray perClass = Nd4j.ones(DataType.FLOAT, 2, 3);
    assertThatThrownBy(() -> loss.computeScore(z, z, softmax, perClass, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per-pixel mask");
  }

  @Test
  void encodesMultiHotSetsAndCountsEveryInformativeSet() {
    LabelSetRaster r = SetRasters.parse(3, "0 12 *");
    float[] out = new float[9];
    loss.encode(r.data(), r.universe(), 3, out, 0);
    // Channel planes: class 0, class 1, class 2.
    assertThat(out).containsExactly(1, 0, 1, 0, 1, 1, 0, 1, 1);
    assertThat(loss.carriesLabel(0b001, 0b111)).isTrue();
    assertThat(loss.carriesLabel(0b110, 0b111)).isTrue();
    assertThat(loss.carriesLabel(0b111, 0b111)).isFalse();
    assertThat(loss.head()).isEqualTo(Head.SOFTMAX);
  }

  @Test
  void survivesModelSaveAndLoad() {
    ComputationGraph net = TinyNets.graph(loss, 3, 4, 3, 8, DataType.FLOAT, new Adam(0.01), 1);
    ComputationGraph restored = TinyNets.saveAndLoad(net);
    org.deeplearning4j.nn.conf.layers.CnnLossLayer layer = (org.deeplearning4j.nn.conf.layers.CnnLossLayer)
        restored.getLayer("out").conf().getLayer();
    assertThat(layer.getLossFn()).isInstanceOf(PartialCrossEntropy.class).isEqualTo(loss);

    List<LabelSetRaster> batch = List.of(SetRasters.parse(3,
        "0 0 1 1 2 2 12 *", "0 0 1 1 2 2 12 *", "0 0 1 1 2 2 12 *", "0 0 1 1 2 2 12 *",
        "0 0 1 1 2 2 12 *", "0 0 1 1 2 2 12 *", "0 0 1 1 2 2 12 *", "0 0 1 1 2 2 12 *"));
    TrainingTargets t = TrainingTargets.of(batch, loss, Balancing.INSTANCE);
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8);
    assertThat(restored.outputSingle(input)).isEqualTo(net.outputSingle(input));
    assertThat(score(restored, input, t)).isEqualTo(score(net, input, t));
  }

  private static double score(ComputationGraph net, INDArray input, TrainingTargets t) {
    net.setInputs(input);
    net.setLabels(t.labels());
    net.setLayerMaskArrays(null, new INDArray[] {t.mask()});
    net.computeGradientAndScore();
    return net.score();
  }

  /**
   * Kemnitz in miniature: classes 0 and 1 are only ever annotated with the super label {0,1}, class
   * 2 with its own label. Partial cross entropy learns that those pixels are 0 or 1; naive masking
   * never sees them and lets class 2 leak in.
   */
  @Test
  void learnsASuperLabelWhereNaiveMaskingLetsAnotherClassLeakIn() {
    Random random = new Random(3);
    List<INDArray> inputs = new ArrayList<>();
    List<LabelSetRaster> labels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ColourPatch p = ColourPatch.random(random, 12, 3);
      inputs.add(p.image());
      long[] sets = p.truth().clone();
      for (int j = 0; j < sets.length; j++) {
        sets[j] = sets[j] == 0b100 ? 0b100 : 0b011;
      }
      labels.add(LabelSetRaster.wrap(12, 12, 3, sets));
    }
    INDArray input = Nd4j.concat(0, inputs.toArray(INDArray[]::new));
    ColourPatch test = ColourPatch.random(new Random(99), 12, 3);

    double[] superLabelMass = new double[2];
    PartialLabelLoss[] losses = {loss, new NaiveMaskCrossEntropy()};
    for (int l = 0; l < 2; l++) {
      ComputationGraph net = TinyNets.graph(losses[l], 3, 6, 3, 12, DataType.FLOAT, new Adam(0.05), 5);
      TrainingTargets t = TrainingTargets.of(labels, losses[l], Balancing.NONE);
      for (int it = 0; it < 80; it++) {
        net.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {input}, new INDArray[] {t.labels()},
            null, new INDArray[] {t.mask()}));
      }
      INDArray q = net.outputSingle(test.image());
      double mass = 0;
      int n = 0;
      for (int j = 0; j < test.truth().length; j++) {
        if (test.truth()[j] != 0b100) {
          int y = j / 12;
          int x = j % 12;
          mass += q.getDouble(0, 0, y, x) + q.getDouble(0, 1, y, x);
          n++;
        }
      }
      superLabelMass[l] = mass / n;
    }
    // Partial CE puts (nearly) all probability on {0,1} there; naive masking gives most to class 2.
    assertThat(superLabelMass[0]).as("partial-ce q0+q1 on super-label pixels").isGreaterThan(0.9);
    assertThat(superLabelMass[1]).as("naive-mask q0+q1 on super-label pixels").isLessThan(0.5);
  }
}
