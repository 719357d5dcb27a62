package io.slidestream.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jRuntimeTest {

  private static final UNetConfig TINY = UNetConfig.builder().levels(3).filters(4).patchSize(32).classes(3).build();

  @Test
  void initialisationTurnsOneDnnOnForDl4j() {
    RuntimeReport r = Dl4jRuntime.initialise();
    assertThat(r.backend()).isEqualToIgnoringCase("CPU");
    assertThat(r.helpersEnabled()).isTrue();
    assertThat(r.bridged()).isTrue();
    assertThat(r.oneDnnBuilt()).as("the -onednn natives are on the classpath").isTrue();
    assertThat(r.oneDnnNative()).isTrue();
    assertThat(r.oneDnnForDl4j()).as("DL4J's own check, BaseMKLDNNHelper.mklDnnEnabled()").isTrue();
    assertThat(r.fast()).isTrue();
    assertThat(r.versions().dl4j()).isEqualTo("1.0.0-M2.1");
    assertThat(r.versions().nd4jBackend()).isEqualTo("nd4j-native 1.0.0-M2.1 +onednn");
    assertThat(r.summary()).contains("oneDNN(DL4J)=true");
    assertThat(Dl4jRuntime.initialise()).isSameAs(r);
  }

  @Test
  void convolutionAndPoolingLayersGetOneDnnHelpers() {
    Map<String, String> helpers = Dl4jRuntime.layerHelpers(UNet.create(TINY));
    // 13 convolutions and 2 poolings, every one helped.
    assertThat(helpers).hasSize(15);
    assertThat(helpers).containsEntry("enc0_conv1", "MKLDNNConvHelper").containsEntry("pool0", "MKLDNNSubsamplingHelper")
        .containsEntry(UNet.LOGITS, "MKLDNNConvHelper");
    assertThat(helpers.values()).allMatch(h -> h.startsWith("MKLDNN"));
  }

  @Test
  void withoutHelpersGivesStockDl4jAndTheSameFunction() {
    ComputationGraph fast = UNet.create(TINY);
    ComputationGraph stock = Dl4jRuntime.withoutHelpers(() -> UNet.create(TINY));
    assertThat(Dl4jRuntime.layerHelpers(stock).values()).containsOnly(Dl4jRuntime.BUILT_IN);
    assertThat(Dl4jRuntime.currentReport().helpersEnabled()).as("restored afterwards").isTrue();
    assertThat(Dl4jRuntime.layerHelpers(UNet.create(TINY)).values()).doesNotContain(Dl4jRuntime.BUILT_IN);

    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
    INDArray a = fast.outputSingle(false, x);
    INDArray b = stock.outputSingle(false, x);
    assertThat(a.equalsWithEps(b, 1e-5)).as("same seed, same weights: oneDNN and built-in paths agree").isTrue();
  }
}
