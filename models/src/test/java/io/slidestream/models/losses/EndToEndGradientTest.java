package io.slidestream.models.losses;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.fixtures.SetRasters;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Every loss and every balancing mode through a tiny network in double precision: DL4J's finite
 * difference check on every parameter, with labels and weights from {@link TrainingTargets} for a
 * batch holding each kind of set (single classes, one only in one patch, super labels,
 * background-or-missing, unannotated).
 */
@ExtendWith(SingleThreadedNd4j.class)
class EndToEndGradientTest {

  private static final String[] LOSSES = {
      "partial-ce", "naive-mask", "binary-ambiguity:smile", "binary-ambiguity:pbce", "binary-ambiguity:mbce"};

  private static DataType previousData;
  private static DataType previousFloat;

  /** Class 2 as a single class only in patch 0; {0,1} and {1,2} super labels; {0,2} background-or-missing. */
  private final List<LabelSetRaster> batch = List.of(
      SetRasters.parse(3, "0 0 1 1", "01 01 02 *", "0 1 02 *", "2 2 12 *"),
      SetRasters.parse(3, "0 0 1 *", "01 1 1 *", "* * 02 02", "0 0 1 1"));

  @BeforeAll
  static void doublePrecision() {
    previousData = Nd4j.dataType();
    previousFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restorePrecision() {
    Nd4j.setDefaultDataTypes(previousData, previousFloat);
  }

  static Stream<Arguments> lossesAndBalancing() {
    return Stream.of(LOSSES).flatMap(l -> Stream.of(Balancing.values()).map(b -> Arguments.of(l, b)));
  }

  @ParameterizedTest(name = "{0} with {1} balancing")
  @MethodSource("lossesAndBalancing")
  void parameterGradientsMatchFiniteDifferences(String lossName, Balancing balancing) {
    PartialLabelLoss loss = Losses.named(lossName);
    ComputationGraph net = TinyNets.graph(loss, 3, 3, 3, 4, DataType.DOUBLE, new NoOp(), 42);
    TrainingTargets t = TrainingTargets.of(batch, loss, balancing, DataType.DOUBLE);
    // The check is only worth something if some pixels weigh 0 and others differ from 1.
    assertThat(t.mask().minNumber().doubleValue()).isZero();
    assertThat(t.mask().maxNumber().doubleValue()).isPositive();
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4).subi(0.5);

    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
        .net(net)
        .inputs(new INDArray[] {input})
        .labels(new INDArray[] {t.labels()})
        .labelMask(new INDArray[] {t.mask()})
        .epsilon(1e-6)
        .maxRelError(1e-5)
        .minAbsoluteError(1e-10)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
        .exitOnFirstError(false));
    assertThat(ok).as("gradient check of %s with %s balancing", lossName, balancing).isTrue();
    assertThat(net.numParams()).isEqualTo(3 * 3 * 3 * 3 + 3 + 3 * 3 + 3);
  }

  /**
   * Pixel (3, 3) of patch 0 admits every class. Its gradient contribution must be exactly zero,
   * through the network to every parameter: changing its label, and even giving it weight 1, leaves
   * every parameter gradient bit for bit the same, while changing a labelled pixel does not.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"partial-ce", "naive-mask", "binary-ambiguity:smile", "binary-ambiguity:pbce",
      "binary-ambiguity:mbce"})
  void aPixelThatAdmitsEveryClassContributesExactlyZeroGradient(String lossName) {
    PartialLabelLoss loss = Losses.named(lossName);
    ComputationGraph net = TinyNets.graph(loss, 3, 3, 3, 4, DataType.DOUBLE, new NoOp(), 7);
    TrainingTargets t = TrainingTargets.of(batch, loss, Balancing.MINIBATCH, DataType.DOUBLE);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4).subi(0.5);
    assertThat(t.mask().getDouble(0, 0, 3, 3)).isZero();
    double[] reference = parameterGradients(net, input, t.labels(), t.mask());

    INDArray otherLabel = t.labels().dup();
    pixelLabels(otherLabel, 0, 3, 3).assign(Nd4j.createFromArray(1.0, 0.0, 0.0));
    assertThat(parameterGradients(net, input, otherLabel, t.mask())).containsExactly(reference);

    INDArray fullWeight = t.mask().dup();
    fullWeight.putScalar(new long[] {0, 0, 3, 3}, 1.0);
    assertThat(parameterGradients(net, input, t.labels(), fullWeight)).containsExactly(reference);

    // The same change on a labelled pixel, {1} at (2, 0), does move the gradients.
    INDArray labelledChanged = t.labels().dup();
    pixelLabels(labelledChanged, 0, 0, 2).assign(Nd4j.createFromArray(1.0, 0.0, 0.0));
    assertThat(parameterGradients(net, input, labelledChanged, t.mask())).isNotEqualTo(reference);
  }

  private static INDArray pixelLabels(INDArray labels, long patch, long y, long x) {
    return labels.get(NDArrayIndex.point(patch), NDArrayIndex.all(), NDArrayIndex.point(y), NDArrayIndex.point(x));
  }

  private static double[] parameterGradients(ComputationGraph net, INDArray input, INDArray labels, INDArray mask) {
    net.setInputs(input);
    net.setLabels(labels);
    net.setLayerMaskArrays(null, new INDArray[] {mask});
    net.computeGradientAndScore();
    return net.gradient().gradient().dup().ravel().toDoubleVector();
  }
}
