package io.slidestream.models.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticAnnotations;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.masks.MaskSpec;
import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.fixtures.SetRasters;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.TinyNets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

@ExtendWith(SingleThreadedNd4j.class)
class TrainingTargetsTest {

  // Two 3x2 patches of 3 classes; class 2 only in the second.
  private final List<LabelSetRaster> batch = List.of(
      SetRasters.parse(3, "0 0 1", "01 * 1"),
      SetRasters.parse(3, "2 0 *", "02 02 *"));

  @Test
  void partialCrossEntropyTargetsAreMultiHotChannelsAndBalancedWeights() {
    TrainingTargets t = TrainingTargets.of(batch, new PartialCrossEntropy(), Balancing.INSTANCE);
    assertThat(t.labels().shape()).containsExactly(2, 3, 2, 3);
    assertThat(t.mask().shape()).containsExactly(2, 1, 2, 3);
    assertThat(t.labels().dataType()).isEqualTo(DataType.FLOAT);
    // labels[b, c, y, x] is 1 where class c is in the set at (x, y) of patch b.
    assertThat(t.labels().get(point(0), point(0)).ravel().toFloatVector()).containsExactly(1, 1, 0, 1, 1, 0);
    assertThat(t.labels().get(point(0), point(1)).ravel().toFloatVector()).containsExactly(0, 0, 1, 1, 1, 1);
    assertThat(t.labels().get(point(1), point(2)).ravel().toFloatVector()).containsExactly(1, 0, 1, 1, 1, 1);
    // Patch 0: {0}×2, {1}×2, {0,1}×1 → L = 5, C = 3: 5/6, 5/6, 5/3. Patch 1: {2}, {0}, {0,2}×2 → L = 4, C = 3.
    assertThat(t.mask().ravel().toFloatVector()).containsExactly(
        5f / 6, 5f / 6, 5f / 6, (float) (5.0 / 3), 0f, 5f / 6,
        (float) (4.0 / 3), (float) (4.0 / 3), 0f, (float) (4.0 / 6), (float) (4.0 / 6), 0f);
  }

  @Test
  void naiveMaskingWeighsOnlySingleClassPixels() {
    TrainingTargets t = TrainingTargets.of(batch, new NaiveMaskCrossEntropy(), Balancing.NONE);
    assertThat(t.mask().ravel().toFloatVector()).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0);
  }

  @Test
  void binaryTargetsAreTernaryPerHead() {
    TrainingTargets t = TrainingTargets.of(batch, new BinaryAmbiguityLoss(), Balancing.NONE, DataType.DOUBLE);
    assertThat(t.labels().dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(t.mask().dataType()).isEqualTo(DataType.DOUBLE);
    // Head 0 of patch 0: {0} {0} {1} / {0,1} * {1} → 1 1 0 / ignore ignore 0.
    assertThat(t.labels().get(point(0), point(0)).ravel().toDoubleVector()).containsExactly(1, 1, 0, -1, -1, 0);
    // Head 2 of patch 1: {2} {0} * / {0,2} {0,2} * → 1 0 ignore / ignore ignore ignore.
    assertThat(t.labels().get(point(1), point(2)).ravel().toDoubleVector()).containsExactly(1, 0, -1, -1, -1, -1);
    // Head 1 of patch 1: {0,2} rules class 1 out, so SMILE uses it as a negative.
    assertThat(t.labels().get(point(1), point(1)).ravel().toDoubleVector()).containsExactly(0, 0, -1, 0, 0, -1);
    assertThat(t.mask().ravel().toDoubleVector()).containsExactly(1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0);
  }

  @Test
  void refusesBatchesThatDoNotFitOneArray() {
    PartialCrossEntropy loss = new PartialCrossEntropy();
    assertThatThrownBy(() -> TrainingTargets.of(List.of(), loss, Balancing.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one patch");
    List<LabelSetRaster> sizes = List.of(SetRasters.parse(3, "0 1"), SetRasters.parse(3, "0", "1"));
    assertThatThrownBy(() -> TrainingTargets.of(sizes, loss, Balancing.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agree in size and classes");
    List<LabelSetRaster> classes = List.of(SetRasters.parse(3, "0 1"), SetRasters.parse(4, "0 1"));
    assertThatThrownBy(() -> TrainingTargets.of(classes, loss, Balancing.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agree in size and classes");
    assertThatThrownBy(() -> TrainingTargets.of(batch, loss, Balancing.NONE, DataType.FLOAT16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float or double");
  }

  /**
   * Real data end to end: a synthetic slide's simulated sparse annotations (a few blobs and strokes
   * per region, most pixels unannotated), partial-ce with mini-batch balancing, a tiny net trained
   * for a bounded number of steps; scored on the slide's dense truth.
   */
  @Test
  void aTinyNetLearnsTheDenseTruthFromSparseAnnotations() {
    int classes = 6; // synthetic classes 1..6 are ids 0..5 here; 0 in a sparse mask is "unannotated"
    // At 8 µm/px a 4096-pixel slide is one 256x256 image; seed 1 has sparse annotations of all six classes.
    Slide train = Slide.of(1, 16, classes);
    Slide test = Slide.of(5, 16, classes);

    PartialCrossEntropy loss = new PartialCrossEntropy();
    ComputationGraph net = TinyNets.graph(loss, 3, 12, classes, 32, DataType.FLOAT, new Adam(0.03), 7);
    Random random = new Random(5);
    for (int it = 0; it < 120; it++) {
      List<INDArray> inputs = new ArrayList<>();
      List<LabelSetRaster> labels = new ArrayList<>();
      while (labels.size() < 8) {
        int x = random.nextInt(train.sets().width() - 32);
        int y = random.nextInt(train.sets().height() - 32);
        LabelSetRaster patch = train.sets().crop(x, y, 32, 32);
        if (patch.unconstrainedCount() < 32 * 32) {
          labels.add(patch);
          inputs.add(input(train.image().crop(x, y, 32, 32)));
        }
      }
      TrainingTargets t = TrainingTargets.of(labels, loss, Balancing.MINIBATCH);
      net.fit(new MultiDataSet(new INDArray[] {Nd4j.concat(0, inputs.toArray(INDArray[]::new))},
          new INDArray[] {t.labels()}, null, new INDArray[] {t.mask()}));
    }

    INDArray predicted = net.outputSingle(input(test.image())).argMax(1);
    LabelRaster dense = test.dense();
    long[] histogram = dense.histogram();
    long correct = 0;
    long total = 0;
    long majority = 0;
    for (int k = 1; k <= classes; k++) {
      total += histogram[k];
      majority = Math.max(majority, histogram[k]);
    }
    for (int y = 0; y < dense.height(); y++) {
      for (int x = 0; x < dense.width(); x++) {
        int truth = dense.get(x, y);
        if (truth > 0 && predicted.getInt(0, y, x) == truth - 1) {
          correct++;
        }
      }
    }
    double accuracy = (double) correct / total;
    double baseline = (double) majority / total;
    System.out.printf("trained on %.1f%% annotated pixels; dense pixel accuracy on another slide %.3f,"
        + " majority class %.3f%n", 100 * train.annotatedFraction(), accuracy, baseline);
    assertThat(train.annotatedFraction()).isLessThan(0.1);
    assertThat(accuracy).as("pixel accuracy against the majority-class baseline %.3f", baseline)
        .isGreaterThan(baseline + 0.15);
  }

  /** A synthetic slide small enough to be one image at {@code downsample}, with its sparse and dense truth. */
  private record Slide(RgbRaster image, LabelSetRaster sets, LabelRaster dense) {

    static Slide of(long seed, int downsample, int classes) {
      SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(256L * downsample, 256L * downsample, seed));
      MaskSpec spec = SyntheticGroundTruth.maskSpec(slide, "slide", downsample, true);
      LabelRaster sparse = SyntheticGroundTruth.sparseTile(new SyntheticAnnotations(slide), spec, 0, 0);
      return new Slide(slide.renderAtDownsample(downsample, 0, 0, 256, 256), sparseSets(sparse, classes),
          slide.labels(downsample, 0, 0, 256, 256));
    }

    double annotatedFraction() {
      return 1 - (double) sets.unconstrainedCount() / (sets.width() * sets.height());
    }
  }

  private static LabelSetRaster sparseSets(LabelRaster sparse, int classes) {
    long[] sets = new long[sparse.width() * sparse.height()];
    byte[] values = sparse.data();
    long all = (1L << classes) - 1;
    for (int i = 0; i < sets.length; i++) {
      int v = values[i] & 0xff;
      sets[i] = v == 0 ? all : 1L << (v - 1);
    }
    return LabelSetRaster.wrap(sparse.width(), sparse.height(), classes, sets);
  }

  /** An RGB raster as a [1, 3, H, W] input in [0, 1]. */
  private static INDArray input(RgbRaster image) {
    int w = image.width();
    int h = image.height();
    float[] planes = new float[3 * w * h];
    byte[] rgb = image.data();
    for (int i = 0; i < w * h; i++) {
      for (int c = 0; c < 3; c++) {
        planes[c * w * h + i] = (rgb[3 * i + c] & 0xff) / 255f;
      }
    }
    return Nd4j.create(planes, new long[] {1, 3, h, w}, 'c');
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
    return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
  }
}
