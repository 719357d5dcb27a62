package io.slidestream.models.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.slidestream.images.LabelClass;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.testdata.SyntheticPatches;
import io.slidestream.models.testdata.SyntheticPatches.Patch;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.PatchSizeException;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SegmentationModelTest {

  private static final UNetConfig CONFIG = UNetConfig.builder().levels(3).filters(8).patchSize(32).classes(3)
      .learningRate(1e-2).seed(7).build();
  /** Channels 0..2 predict synthetic classes 1..3, so ids and channels differ by one. */
  private static final List<LabelClass> CLASSES = List.of(SyntheticClasses.byId(1), SyntheticClasses.byId(2),
      SyntheticClasses.byId(3));

  private static List<Patch> train;
  private static List<Patch> heldOut;
  private static TrainedModel trained;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainTinyNet() {
    train = SyntheticPatches.patches(21, 8, 32, 4, SyntheticPatches.THREE_CLASSES);
    heldOut = SyntheticPatches.patches(22, 16, 32, 4, SyntheticPatches.THREE_CLASSES);
    INDArray x = InputNormalisation.CENTRED.toInput(SyntheticPatches.images(train));
    INDArray y = SyntheticPatches.oneHot(train, 3);
    ComputationGraph net = UNet.create(CONFIG);
    for (int i = 0; i < 100; i++) {
      net.fit(new INDArray[] {x}, new INDArray[] {y});
    }
    trained = new TrainedModel(net, ModelMetadata.builder("tiny", CONFIG, CLASSES).build());
  }

  /** Share of pixels whose predicted id is the true channel's id, and the majority class's share. */
  private static double[] accuracy(List<Patch> patches, List<PatchPrediction> predictions) {
    long ok = 0;
    long n = 0;
    long[] perClass = new long[3];
    for (int i = 0; i < patches.size(); i++) {
      byte[] truth = patches.get(i).labels().data();
      byte[] predicted = predictions.get(i).labels().data();
      for (int j = 0; j < truth.length; j++) {
        n++;
        perClass[truth[j]]++;
        ok += predicted[j] == CLASSES.get(truth[j]).id() ? 1 : 0;
      }
    }
    return new double[] {ok / (double) n, Arrays.stream(perClass).max().orElseThrow() / (double) n};
  }

  @Test
  void predictionsFollowWhatWasLearned() {
    try (SegmentationModel model = SegmentationModel.of(trained)) {
      double[] onTrain = accuracy(train, model.predict(SyntheticPatches.images(train)));
      assertThat(onTrain[0]).as("pixel accuracy on the training patches (majority class %.3f)", onTrain[1])
          .isGreaterThan(0.95);
      double[] onHeldOut = accuracy(heldOut, model.predict(SyntheticPatches.images(heldOut)));
      assertThat(onHeldOut[0]).as("pixel accuracy on held-out patches against the majority class's %.3f",
          onHeldOut[1]).isGreaterThan(onHeldOut[1] + 0.2);
    }
  }

  @Test
  void labelsAreTheArgMaxOfTheNetworkAndStatisticsAddUp() {
    List<RgbRaster> images = SyntheticPatches.images(heldOut.subList(0, 4));
    INDArray probabilities = trained.network().outputSingle(false, InputNormalisation.CENTRED.toInput(images));
    INDArray argMax = Nd4j.argMax(probabilities, 1);
    try (SegmentationModel model = SegmentationModel.of(trained)) {
      List<PatchPrediction> predictions = model.predict(images);
      for (int b = 0; b < 4; b++) {
        PatchPrediction p = predictions.get(b);
        byte[] expected = new byte[32 * 32];
        long[] argmax = argMax.slice(b).dup().data().asLong();
        for (int i = 0; i < expected.length; i++) {
          expected[i] = (byte) CLASSES.get((int) argmax[i]).id();
        }
        assertThat(p.labels().data()).isEqualTo(expected);
        assertThat(Arrays.stream(p.pixelCounts()).sum()).isEqualTo(32 * 32);
        assertThat(Arrays.stream(p.meanProbabilities()).sum()).isCloseTo(1, offset(1e-5));
        for (int c = 0; c < 3; c++) {
          assertThat(p.meanProbabilities()[c]).isCloseTo(probabilities.get(
              org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
              .meanNumber().doubleValue(), offset(1e-5));
          assertThat(p.pixelCounts()[c]).isEqualTo(p.labels().histogram()[CLASSES.get(c).id()]);
        }
      }
    }
  }

  /** A network whose output is the same everywhere: zero weights into the logits, the given biases. */
  private static TrainedModel constant(Head head, float[] logits, int backgroundChannel) {
    UNetConfig config = CONFIG.toBuilder().head(head).build();
    ComputationGraph net = UNet.create(config);
    org.deeplearning4j.nn.api.Layer layer = net.getLayer(UNet.LOGITS);
    layer.setParam("W", Nd4j.zeros(DataType.FLOAT, layer.getParam("W").shape()));
    layer.setParam("b", Nd4j.create(logits, new long[] {1, logits.length}, 'c'));
    return new TrainedModel(net, ModelMetadata.builder("constant", config, CLASSES)
        .backgroundChannel(backgroundChannel).build());
  }

  private static PatchPrediction predictOne(TrainedModel model) {
    try (SegmentationModel m = SegmentationModel.of(model)) {
      return m.predict(List.of(train.get(0).image())).get(0);
    }
  }

  @Test
  void softmaxLabelsTheMostProbableClass() {
    PatchPrediction p = predictOne(constant(Head.SOFTMAX, new float[] {0, 1, 0.5f}, 0));
    assertThat(p.labels().histogram()[2]).isEqualTo(1024);
    assertThat(p.pixelCounts()).containsExactly(0, 1024, 0);
    double z = 1 + Math.E + Math.exp(0.5);
    assertThat(p.meanProbabilities()[1]).isCloseTo(Math.E / z, offset(1e-6));
    assertThat(p.dominantChannel()).isEqualTo(1);
  }

  @Test
  void sigmoidLabelsTheMostProbableClassAboveOneHalfElseTheBackground() {
    // Channels 1 and 2 above 0.5: the more probable wins.
    PatchPrediction two = predictOne(constant(Head.SIGMOID, new float[] {-1, 2, 1}, 0));
    assertThat(two.pixelCounts()).containsExactly(0, 1024, 0);
    assertThat(two.meanProbabilities()[1]).isCloseTo(1 / (1 + Math.exp(-2)), offset(1e-6));
    assertThat(two.meanProbabilities()[2]).as("independent, not normalised").isCloseTo(1 / (1 + Math.exp(-1)),
        offset(1e-6));
    // None above 0.5, even though channel 0 is the most probable: the background channel (2, class id 3).
    PatchPrediction none = predictOne(constant(Head.SIGMOID, new float[] {-0.1f, -2, -3}, 2));
    assertThat(none.pixelCounts()).containsExactly(0, 0, 1024);
    assertThat(none.labels().histogram()[3]).isEqualTo(1024);
  }

  @Test
  void refusesPatchesTheNetworkCannotTake() {
    try (SegmentationModel model = SegmentationModel.of(trained)) {
      assertThat(model.predict(List.of())).isEmpty();
      assertThatThrownBy(() -> model.predict(List.of(RgbRaster.create(30, 32))))
          .isInstanceOf(PatchSizeException.class);
      assertThatThrownBy(() -> model.predict(List.of(RgbRaster.create(32, 32), RgbRaster.create(64, 32))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equally sized");
      // Larger patches that suit the network are fine (fully convolutional).
      assertThat(model.predict(List.of(RgbRaster.create(64, 32))).get(0).labels().width()).isEqualTo(64);
      model.close();
      assertThatThrownBy(() -> model.predict(List.of(RgbRaster.create(32, 32))))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aLoadedModelFilePredictsTheSame() throws IOException {
    Path file = dir.resolve("tiny.zip");
    ModelFile.save(file, trained);
    List<RgbRaster> images = SyntheticPatches.images(heldOut.subList(0, 3));
    try (SegmentationModel inMemory = SegmentationModel.of(trained);
        SegmentationModel loaded = SegmentationModel.load(file)) {
      List<PatchPrediction> a = inMemory.predict(images);
      List<PatchPrediction> b = loaded.predict(images);
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i).labels()).isEqualTo(a.get(i).labels());
        assertThat(b.get(i).meanProbabilities()).isEqualTo(a.get(i).meanProbabilities());
      }
      assertThat(loaded.metadata()).isEqualTo(trained.metadata());
      assertThat(loaded.patchSize()).isEqualTo(32);
    }
  }

  @Test
  void concurrentCallsAreSerialisedAndGiveTheSameAnswers() throws Exception {
    List<RgbRaster> images = SyntheticPatches.images(heldOut.subList(0, 4));
    try (SegmentationModel model = SegmentationModel.of(trained)) {
      List<PatchPrediction> expected = model.predict(images);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<List<PatchPrediction>>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          futures.add(pool.submit(() -> model.predict(images)));
        }
        for (Future<List<PatchPrediction>> f : futures) {
          List<PatchPrediction> got = f.get();
          for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i).labels()).isEqualTo(expected.get(i).labels());
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void memoryStaysFlatOverManyBatches() throws InterruptedException {
    // 64 px patches: a leak of one input batch per call (768 KiB) would add 370 MiB by batch 500.
    List<RgbRaster> images = SyntheticPatches.images(SyntheticPatches.patches(23, 8, 64, 4,
        SyntheticPatches.THREE_CLASSES));
    long[][] at = new long[501][];
    try (SegmentationModel model = SegmentationModel.of(trained)) {
      for (int batch = 1; batch <= 500; batch++) {
        model.predict(images);
        if (batch == 10 || batch == 250 || batch == 500) {
          at[batch] = memory();
        }
      }
    }
    System.out.printf("inference memory at batch 10 / 250 / 500: ND4J off-heap %,d / %,d / %,d bytes,"
        + " resident %,d / %,d / %,d bytes%n", at[10][0], at[250][0], at[500][0], at[10][1], at[250][1], at[500][1]);
    assertThat(at[500][0]).as("ND4J off-heap bytes (workspaces and JavaCPP pointers) in steady state")
        .isEqualTo(at[250][0]);
    assertThat(at[500][0] - at[10][0]).as("ND4J off-heap bytes at batch 10: %,d; at 500: %,d", at[10][0], at[500][0])
        .isLessThanOrEqualTo(1024 * 1024);
    // Resident memory also holds the Java heap, JIT code and native allocator arenas, which settle in
    // their own time (measured here: +40..70 MiB from batch 10 to 500 without any leak).
    assertThat(at[500][1] - at[10][1]).as("resident bytes at batch 10: %,d; at 500: %,d", at[10][1], at[500][1])
        .isLessThan(128L * 1024 * 1024);
  }

  /**
   * ND4J's off-heap bytes as its memory manager counts them (workspaces plus JavaCPP pointers, after
   * a garbage collection so that only live memory counts) and the process's resident bytes, which is
   * the only measure that also sees arrays ND4J allocates outside workspaces.
   */
  private static long[] memory() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    return new long[] {Nd4j.getMemoryManager().allocatedMemory(0), Pointer.physicalBytes()};
  }
}
