package io.slidestream.models.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.testdata.SyntheticPatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class UNetTest {

  private static UNetConfig.Builder tiny() {
    return UNetConfig.builder().levels(3).filters(4).patchSize(32).classes(3).learningRate(3e-3).seed(7);
  }

  @Test
  void outputIsAsLargeAsTheInputWithOneChannelPerClass() {
    for (int levels = 1; levels <= 4; levels++) {
      ComputationGraph net = UNet.create(tiny().levels(levels).build());
      for (int[] hw : new int[][] {{32, 32}, {16, 40}}) {
        INDArray out = net.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, hw[0], hw[1]));
        assertThat(out.shape()).as("levels %d, input %dx%d", levels, hw[0], hw[1])
            .containsExactly(2, 3, hw[0], hw[1]);
      }
    }
  }

  @Test
  void rejectsSizesThatAreNotMultiplesOfTheDeepestDownsampling() {
    assertThatThrownBy(() -> tiny().levels(4).patchSize(36).build())
        .isInstanceOfSatisfying(PatchSizeException.class, e -> {
          assertThat(e.multiple()).isEqualTo(8);
          assertThat(e.width()).isEqualTo(36);
        })
        .hasMessageContaining("multiples of 2^(levels-1) = 8")
        .hasMessageContaining("nearest valid: 40x40");
    UNetConfig config = tiny().levels(3).build();
    config.checkInputSize(64, 36);
    assertThatThrownBy(() -> config.checkInputSize(64, 30)).isInstanceOf(PatchSizeException.class);
    assertThatThrownBy(() -> config.checkInputSize(0, 32)).isInstanceOf(PatchSizeException.class);
  }

  @Test
  void rejectsNonsensicalConfigurations() {
    assertThatThrownBy(() -> tiny().levels(0).build()).hasMessageContaining("levels");
    assertThatThrownBy(() -> tiny().filters(0).build()).hasMessageContaining("filters");
    assertThatThrownBy(() -> tiny().classes(1).build()).hasMessageContaining("softmax head needs 2..255");
    assertThat(tiny().classes(1).head(Head.SIGMOID).build().classes()).isEqualTo(1);
    assertThatThrownBy(() -> tiny().learningRate(0).build()).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> tiny().dropout(1).build()).hasMessageContaining("dropout");
  }

  @Test
  void wiringFollowsBokhorst() {
    UNetConfig config = tiny().levels(3).filters(4).build();
    ComputationGraphConfiguration conf = UNet.configuration(config, new LossMCXENT());
    Map<String, GraphVertex> v = conf.getVertices();
    Map<String, List<String>> in = conf.getVertexInputs();

    List<ConvolutionLayer> convs = new ArrayList<>();
    int pools = 0;
    int ups = 0;
    for (GraphVertex vertex : v.values()) {
      if (vertex instanceof LayerVertex lv) {
        Layer l = lv.getLayerConf().getLayer();
        assertThat(l).isNotInstanceOf(Deconvolution2D.class);
        if (l instanceof ConvolutionLayer c) {
          convs.add(c);
          assertThat(((BaseLayer) c).getWeightInitFn()).as("He initialisation").isInstanceOf(WeightInitRelu.class);
          assertThat(((BaseLayer) c).getIUpdater()).isInstanceOfSatisfying(Adam.class,
              a -> assertThat(a.getLearningRate()).isEqualTo(3e-3));
        }
        pools += l instanceof SubsamplingLayer ? 1 : 0;
        ups += l instanceof Upsampling2D ? 1 : 0;
      }
    }
    // Five blocks of two convolutions, two up-convolutions, one 1x1 output convolution.
    assertThat(convs).hasSize(5 * 2 + 2 + 1);
    assertThat(convs.stream().filter(c -> c.getKernelSize()[0] == 3 && c.getKernelSize()[1] == 3)).hasSize(12);
    assertThat(pools).isEqualTo(2);
    assertThat(ups).isEqualTo(2);

    // Skip connection inside each block: its input concatenated with its last feature map.
    for (String block : List.of("enc0", "enc1", "bottleneck", "dec1", "dec0")) {
      assertThat(v.get(block)).isInstanceOf(MergeVertex.class);
      assertThat(in.get(block)).containsExactly(in.get(block + "_conv1").get(0), block + "_conv2");
    }
    // Up-sampling then convolution, concatenated with the encoder block of the same level.
    assertThat(in.get("dec1_upconv")).containsExactly("dec1_up");
    assertThat(in.get("dec1_merge")).containsExactly("dec1_upconv", "enc1");
    assertThat(in.get("dec0_merge")).containsExactly("dec0_upconv", "enc0");

    // Filters double per level; block outputs carry input channels plus filters.
    assertThat(conv(v, "enc0_conv1").getNIn()).isEqualTo(3);
    assertThat(conv(v, "enc0_conv2").getNOut()).isEqualTo(4);
    assertThat(conv(v, "enc1_conv1").getNIn()).isEqualTo(3 + 4);
    assertThat(conv(v, "enc1_conv2").getNOut()).isEqualTo(8);
    assertThat(conv(v, "bottleneck_conv1").getNIn()).isEqualTo(3 + 4 + 8);
    assertThat(conv(v, "bottleneck_conv2").getNOut()).isEqualTo(16);
    assertThat(conv(v, "dec1_upconv").getNIn()).isEqualTo(15 + 16);
    assertThat(conv(v, "dec1_conv1").getNIn()).isEqualTo(8 + 15);
    assertThat(conv(v, UNet.LOGITS).getNOut()).isEqualTo(3);
    assertThat(conv(v, UNet.LOGITS).getKernelSize()).containsExactly(1, 1);
    assertThat(((LayerVertex) v.get(UNet.OUTPUT)).getLayerConf().getLayer()).isInstanceOf(CnnLossLayer.class);
  }

  private static ConvolutionLayer conv(Map<String, GraphVertex> v, String name) {
    return (ConvolutionLayer) ((LayerVertex) v.get(name)).getLayerConf().getLayer();
  }

  @Test
  void softmaxHeadGivesADistributionPerPixel() {
    INDArray out = UNet.create(tiny().build()).outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
    INDArray sums = out.sum(1);
    assertThat(sums.minNumber().doubleValue()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(sums.maxNumber().doubleValue()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void sigmoidHeadGivesIndependentProbabilities() {
    ComputationGraph net = UNet.create(tiny().head(Head.SIGMOID).build());
    INDArray out = net.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
    assertThat(out.minNumber().doubleValue()).isGreaterThan(0);
    assertThat(out.maxNumber().doubleValue()).isLessThan(1);
    INDArray sums = out.sum(1);
    assertThat(sums.maxNumber().doubleValue() - sums.minNumber().doubleValue()).isGreaterThan(1e-3);
    assertThat(((CnnLossLayer) net.getLayer(UNet.OUTPUT).conf().getLayer()).getLossFn())
        .isInstanceOf(LossBinaryXENT.class);
  }

  @Test
  void sameSeedSameWeights() {
    INDArray a = UNet.create(tiny().build()).params();
    INDArray b = UNet.create(tiny().build()).params();
    INDArray c = UNet.create(tiny().seed(8).build()).params();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void overfitsOneSmallBatch() {
    List<SyntheticPatches.Patch> batch = SyntheticPatches.patches(3, 4, 32, 4, SyntheticPatches.THREE_CLASSES);
    INDArray x = InputNormalisation.CENTRED.toInput(SyntheticPatches.images(batch));
    INDArray y = SyntheticPatches.oneHot(batch, 3);
    ComputationGraph net = UNet.create(tiny().filters(8).learningRate(1e-2).build());

    net.setInputs(x);
    net.setLabels(y);
    net.computeGradientAndScore();
    double before = net.score();
    for (int i = 0; i < 150; i++) {
      net.fit(new INDArray[] {x}, new INDArray[] {y});
    }
    double after = net.score();
    assertThat(after).as("loss before %.4f, after 150 steps %.4f", before, after).isLessThan(before / 10);
  }

  @Test
  void trainsWithAnyLossFunctionOnItsOutputLayer() {
    List<SyntheticPatches.Patch> batch = SyntheticPatches.patches(4, 2, 32, 4, SyntheticPatches.THREE_CLASSES);
    INDArray x = InputNormalisation.CENTRED.toInput(SyntheticPatches.images(batch));
    INDArray y = SyntheticPatches.oneHot(batch, 3);
    ComputationGraph net = UNet.create(tiny().head(Head.SIGMOID).learningRate(1e-2).build(), new LossBinaryXENT());
    double before = fitAndScore(net, x, y, 1);
    double after = fitAndScore(net, x, y, 60);
    assertThat(after).as("binary cross entropy before %.4f, after %.4f", before, after).isLessThan(before / 3);
  }

  @Test
  void batchNormalisationAndBottleneckDropoutAreOptionalAndTrain() {
    UNetConfig config = tiny().batchNorm(true).dropout(0.3).learningRate(1e-2).build();
    ComputationGraphConfiguration conf = UNet.configuration(config, new LossMCXENT());
    for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
      if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
        boolean bottleneck = e.getKey().startsWith("bottleneck");
        assertThat(c.getIDropout() != null).as("dropout on %s", e.getKey()).isEqualTo(bottleneck);
      }
    }
    assertThat(conf.getVertices().values().stream().filter(
        g -> g instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization)).hasSize(12);

    ComputationGraph net = UNet.create(config);
    assertThat(Dl4jRuntime.layerHelpers(net)).containsEntry("enc0_conv1_bn", "MKLDNNBatchNormHelper");
    List<SyntheticPatches.Patch> batch = SyntheticPatches.patches(5, 4, 32, 4, SyntheticPatches.THREE_CLASSES);
    INDArray x = InputNormalisation.CENTRED.toInput(SyntheticPatches.images(batch));
    INDArray y = SyntheticPatches.oneHot(batch, 3);
    double before = fitAndScore(net, x, y, 1);
    double after = fitAndScore(net, x, y, 40);
    assertThat(after).as("loss before %.4f, after %.4f", before, after).isLessThan(before / 2);
  }

  private static double fitAndScore(ComputationGraph net, INDArray x, INDArray y, int steps) {
    for (int i = 0; i < steps; i++) {
      net.fit(new INDArray[] {x}, new INDArray[] {y});
    }
    return net.score();
  }
}
