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
import io.slidestream.models.losses.BinaryAmbiguityLoss.Variant;
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
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

@ExtendWith(SingleThreadedNd4j.class)
class BinaryAmbiguityLossTest {

  private final ActivationSigmoid sigmoid = new ActivationSigmoid();

  /** Background 0, classes 1 and 2, and a fourth class 3; the sets of methods §1 in one row. */
  private final LabelSetRaster row = SetRasters.parse(4, "0 1 12 013 02 *");

  @Test
  void smileUsesCertainPositivesAndEveryRuledOutClassAsNegative() {
    // Per head (rows) and pixel {0} {1} {1,2} {0,1,3} {0,2} all: 1 positive, 0 negative, -1 ignored.
    assertThat(encode(new BinaryAmbiguityLoss(Variant.SMILE))).containsExactly(
        1, 0, 0, -1, -1, -1,
        0, 1, -1, -1, 0, -1,
        0, 0, -1, 0, -1, -1,
        0, 0, 0, -1, 0, -1);
  }

  @Test
  void pbceUsesPositivesOnly() {
    assertThat(encode(new BinaryAmbiguityLoss(Variant.PBCE))).containsExactly(
        1, -1, -1, -1, -1, -1,
        -1, 1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1);
  }

  @Test
  void mbceUsesSingleClassPixelsForEveryHeadAndIgnoresTheRest() {
    assertThat(encode(new BinaryAmbiguityLoss(Variant.MBCE))).containsExactly(
        1, 0, -1, -1, -1, -1,
        0, 1, -1, -1, -1, -1,
        0, 0, -1, -1, -1, -1,
        0, 0, -1, -1, -1, -1);
  }

  @Test
  void variantsSayWhichPixelsCarryALabel() {
    long all = 0b1111;
    BinaryAmbiguityLoss smile = new BinaryAmbiguityLoss(Variant.SMILE);
    assertThat(smile.carriesLabel(0b0101, all)).isTrue();
    assertThat(smile.carriesLabel(all, all)).isFalse();
    for (Variant v : List.of(Variant.PBCE, Variant.MBCE)) {
      BinaryAmbiguityLoss l = new BinaryAmbiguityLoss(v);
      assertThat(l.carriesLabel(0b0100, all)).isTrue();
      assertThat(l.carriesLabel(0b0101, all)).isFalse();
      assertThat(l.carriesLabel(all, all)).isFalse();
    }
    assertThat(smile.head()).isEqualTo(Head.SIGMOID);
  }

  @Test
  void scoreAndGradientMatchHandComputedValues() {
    BinaryAmbiguityLoss loss = new BinaryAmbiguityLoss();
    // z = 0: p = 1/2, BCE = log 2 for each head used.
    INDArray logits = Nd4j.zeros(DataType.DOUBLE, 2, 3);
    INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, -1}, {-1, -1, -1}});
    INDArray scores = loss.computeScoreArray(labels, logits, sigmoid, null);
    assertThat(scores.getDouble(0, 0)).isCloseTo(2 * Math.log(2), within(1e-12));
    assertThat(scores.getRow(1).toDoubleVector()).containsExactly(0.0);
    INDArray g = loss.computeGradient(labels, logits, sigmoid, null);
    assertThat(g.getRow(0).toDoubleVector()).containsExactly(-0.5, 0.5, 0.0);
    assertThat(g.getRow(1).toDoubleVector()).containsExactly(0.0, 0.0, 0.0);
    INDArray mask = Nd4j.createFromArray(new double[][] {{3}, {1}});
    assertThat(loss.computeScore(labels, logits, sigmoid, mask, false)).isCloseTo(6 * Math.log(2), within(1e-12));
    assertThat(loss.computeScore(labels, logits, sigmoid, mask, true)).isCloseTo(3 * Math.log(2), within(1e-12));
  }

  @Test
  void logitsOfPlusMinusThousandStayFinite() {
    BinaryAmbiguityLoss loss = new BinaryAmbiguityLoss();
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray logits = Nd4j.createFromArray(new double[][] {{1000, -1000, 1000, -1000}}).castTo(type);
      INDArray labels = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0}}).castTo(type);
      assertThat(loss.computeScore(labels, logits, sigmoid, null, false)).as(type.toString())
          .isCloseTo(2000, within(1e-3));
      assertThat(loss.computeGradient(labels, logits, sigmoid, null).toDoubleVector())
          .containsExactly(new double[] {1, -1, 0, 0}, within(1e-6));
    }
  }

  @Test
  void certainLabelsGiveDl4jBinaryCrossEntropy() {
    Random random = new Random(29);
    int rows = 25;
    double[][] z = new double[rows][3];
    double[][] y = new double[rows][3];
    double[][] m = new double[rows][1];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < 3; c++) {
        z[r][c] = 2 * random.nextGaussian();
        y[r][c] = random.nextBoolean() ? 1 : 0;
      }
      m[r][0] = r % 4 == 0 ? 0 : random.nextDouble() * 2;
    }
    BinaryAmbiguityLoss loss = new BinaryAmbiguityLoss();
    LossBinaryXENT reference = new LossBinaryXENT();
    INDArray logits = Nd4j.createFromArray(z);
    INDArray labels = Nd4j.createFromArray(y);
    INDArray mask = Nd4j.createFromArray(m);
    assertThat(loss.computeScoreArray(labels, logits.dup(), sigmoid, mask).toDoubleVector())
        .containsExactly(reference.computeScoreArray(labels, logits.dup(), sigmoid, mask).toDoubleVector(), within(1e-9));
    assertThat(loss.computeGradient(labels, logits.dup(), sigmoid, mask).ravel().toDoubleVector())
        .containsExactly(reference.computeGradient(labels, logits.dup(), sigmoid, mask).ravel().toDoubleVector(),
            within(1e-9));
  }

  @Test
  void gradientMatchesCentralDifferencesWithIgnoredHeads() {
    Random random = new Random(31);
    double[][] y = {{1, 0, -1, 0}, {-1, -1, -1, -1}, {0, -1, 1, 0}, {0, 0, 0, 1}, {-1, 0, -1, 0}};
    double[][] z = new double[y.length][4];
    double[][] m = new double[y.length][1];
    for (int r = 0; r < y.length; r++) {
      for (int c = 0; c < 4; c++) {
        z[r][c] = 2 * random.nextGaussian();
      }
      m[r][0] = r == 3 ? 0 : 0.5 + r;
    }
    LossChecks.assertGradientMatchesCentralDifferences(new BinaryAmbiguityLoss(), Nd4j.createFromArray(y),
        Nd4j.createFromArray(z), sigmoid, Nd4j.createFromArray(m));
  }

  @Test
  void refusesAnOutputThatIsNotSigmoid() {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 3);
    assertThatThrownBy(() -> new BinaryAmbiguityLoss().computeGradient(z, z, new ActivationSoftmax(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigmoid");
  }

  @Test
  void survivesModelSaveAndLoadWithItsVariant() {
    for (Variant v : Variant.values()) {
      BinaryAmbiguityLoss loss = new BinaryAmbiguityLoss(v);
      ComputationGraph net = TinyNets.graph(loss, 3, 4, 4, 4, DataType.FLOAT, new Adam(0.01), 3);
      ComputationGraph restored = TinyNets.saveAndLoad(net);
      org.deeplearning4j.nn.conf.layers.CnnLossLayer layer = (org.deeplearning4j.nn.conf.layers.CnnLossLayer)
          restored.getLayer("out").conf().getLayer();
      assertThat(layer.getLossFn()).isInstanceOf(BinaryAmbiguityLoss.class).isEqualTo(loss);
      assertThat(((BinaryAmbiguityLoss) layer.getLossFn()).variant()).isEqualTo(v);
      INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, 4, 4);
      assertThat(restored.outputSingle(input)).isEqualTo(net.outputSingle(input));
    }
  }

  /**
   * Petit in miniature: background 0 and classes 1, 2; in 70% of the training images class 1 was
   * not annotated, so its pixels are background-or-missing {0, 1}. SMILE learns class 1 from the
   * other 30%; a model told that missing means background learns mostly "not class 1".
   */
  @Test
  void smileFindsAClassWhoseAnnotationsAreMostlyMissingWhereMissingAsBackgroundDoesNot() {
    Random random = new Random(13);
    List<INDArray> inputs = new ArrayList<>();
    List<LabelSetRaster> smileSets = new ArrayList<>();
    List<LabelSetRaster> backgroundSets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ColourPatch p = ColourPatch.random(random, 9, 3);
      inputs.add(p.image());
      boolean missing = i < 7;
      long[] smile = p.truth().clone();
      long[] background = p.truth().clone();
      for (int j = 0; j < smile.length; j++) {
        if (missing && smile[j] == 0b010) {
          smile[j] = 0b011;
          background[j] = 0b001;
        }
      }
      smileSets.add(LabelSetRaster.wrap(9, 9, 3, smile));
      backgroundSets.add(LabelSetRaster.wrap(9, 9, 3, background));
    }
    INDArray input = Nd4j.concat(0, inputs.toArray(INDArray[]::new));
    ColourPatch test = ColourPatch.random(new Random(77), 9, 3);

    BinaryAmbiguityLoss loss = new BinaryAmbiguityLoss();
    double[] recall = new double[2];
    List<List<LabelSetRaster>> trainings = List.of(smileSets, backgroundSets);
    for (int l = 0; l < 2; l++) {
      ComputationGraph net = TinyNets.graph(loss, 3, 6, 3, 9, DataType.FLOAT, new Adam(0.05), 4);
      TrainingTargets t = TrainingTargets.of(trainings.get(l), loss, Balancing.NONE);
      for (int it = 0; it < 100; it++) {
        net.fit(new MultiDataSet(new INDArray[] {input}, new INDArray[] {t.labels()}, null, new INDArray[] {t.mask()}));
      }
      INDArray p = net.outputSingle(test.image());
      int found = 0;
      int positives = 0;
      for (int j = 0; j < test.truth().length; j++) {
        if (test.truth()[j] == 0b010) {
          positives++;
          if (p.getDouble(0, 1, j / 9, j % 9) > 0.5) {
            found++;
          }
        }
      }
      recall[l] = (double) found / positives;
      System.out.printf("%s: recall of the mostly missing class %.3f%n", l == 0 ? "SMILE" : "missing as background",
          recall[l]);
    }
    assertThat(recall[0]).as("SMILE recall of class 1").isGreaterThan(0.9);
    // Told "background" for 70% of its pixels, the baseline misses most of class 1.
    assertThat(recall[1]).as("missing-as-background recall of class 1").isLessThan(0.5);
  }

  private float[] encode(BinaryAmbiguityLoss loss) {
    float[] out = new float[4 * row.data().length];
    loss.encode(row.data(), row.universe(), 4, out, 0);
    return out;
  }
}
