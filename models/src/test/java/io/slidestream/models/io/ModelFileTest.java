package io.slidestream.models.io;

import io.slidestream.testdata.PendingFileChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.images.LabelClass;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.models.testdata.SyntheticPatches;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UNetConfig CONFIG = UNetConfig.builder().levels(2).filters(4).patchSize(32).classes(3)
      .learningRate(1e-2).seed(3).build();
  private static final List<LabelClass> CLASSES = List.of(SyntheticClasses.byId(1), SyntheticClasses.byId(2),
      SyntheticClasses.byId(3));

  private static INDArray x;
  private static INDArray y;

  @TempDir
  Path dir;

  @BeforeAll
  static void data() {
    List<SyntheticPatches.Patch> batch = SyntheticPatches.patches(11, 2, 32, 4, SyntheticPatches.THREE_CLASSES);
    x = InputNormalisation.CENTRED.toInput(SyntheticPatches.images(batch));
    y = SyntheticPatches.oneHot(batch, 3);
  }

  private static ModelMetadata metadata(UNetConfig config) {
    return ModelMetadata.builder("synthetic-tissue", config, CLASSES).modelVersion("7").micronsPerPixel(2.0).halo(4)
        .normalisation(InputNormalisation.of(new double[] {0.8, 0.6, 0.7}, new double[] {0.1, 0.2, 0.15}))
        .lossName("partial-ce").trainingConfiguration("{\"iterations\": 3, \"balancing\": \"minibatch\"}")
        .createdAt(Instant.parse("2025-02-03T04:05:06.789123Z")).build();
  }

  private static TrainedModel trained(ComputationGraph net, UNetConfig config) {
    for (int i = 0; i < 3; i++) {
      net.fit(new INDArray[] {x}, new INDArray[] {y});
    }
    return new TrainedModel(net, metadata(config));
  }

  private static TrainedModel trained() {
    return trained(UNet.create(CONFIG), CONFIG);
  }

  @Test
  void roundTripKeepsMetadataAndWeights() throws IOException {
    TrainedModel model = trained();
    Path file = dir.resolve("model.zip");
    ModelFile.save(file, model);
    TrainedModel back = ModelFile.load(file);

    assertThat(back.metadata()).isEqualTo(model.metadata());
    assertThat(back.metadata().createdAt()).isEqualTo(Instant.parse("2025-02-03T04:05:06.789Z"));
    assertThat(back.metadata().libraries().dl4j()).isEqualTo("1.0.0-M2.1");
    assertThat(JSON.readTree(back.metadata().trainingConfiguration()))
        .isEqualTo(JSON.readTree("{\"balancing\": \"minibatch\", \"iterations\": 3}"));
    assertThat(back.network().params()).isEqualTo(model.network().params());
    assertThat(back.network().outputSingle(false, x)).isEqualTo(model.network().outputSingle(false, x));
    assertThat(ModelFile.readMetadata(file)).isEqualTo(model.metadata());
    try (var s = Files.list(dir)) {
      assertThat(s).as("no temporary file left behind").containsExactly(file);
    }
  }

  @Test
  void savingReplacesTheFileThroughAPendingFile() throws IOException {
    Path file = dir.resolve("model.zip");
    Files.writeString(file, "an older model");
    PendingFileChecks.abandonedPart(file);
    TrainedModel model = trained();
    ModelFile.saveCheckpoint(file, model);
    PendingFileChecks.onlyFiles(dir, file);
    assertThat(ModelFile.loadCheckpoint(file).network().params()).isEqualTo(model.network().params());
  }

  @Test
  void metadataIsDocumentedJsonAndComesFirst() throws IOException {
    Path file = dir.resolve("model.zip");
    ModelFile.save(file, trained());
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName)).containsExactly(ModelFile.METADATA_ENTRY, ModelFile.NETWORK_ENTRY);
      JsonNode m = JSON.readTree(zip.getInputStream(zip.getEntry(ModelFile.METADATA_ENTRY)));
      assertThat(m.get("format").asText()).isEqualTo("slidestream-model");
      assertThat(m.get("formatVersion").asInt()).isEqualTo(1);
      assertThat(m.get("classes").get(2).toString())
          .isEqualTo("{\"channel\":2,\"id\":3,\"name\":\"Tumor\",\"colour\":\"#c80000\"}");
      assertThat(m.get("input").get("mean").toString()).isEqualTo("[0.8,0.6,0.7]");
      assertThat(m.get("input").get("scale").asDouble()).isEqualTo(1 / 255.0);
      assertThat(m.get("head").asText()).isEqualTo("softmax");
      assertThat(m.get("loss").asText()).isEqualTo("partial-ce");
      assertThat(m.get("network").get("patchSize").asInt()).isEqualTo(32);
      assertThat(m.get("training").get("balancing").asText()).as("kept as JSON, not a string").isEqualTo("minibatch");
      assertThat(m.get("libraries").get("nd4jBackend").asText()).startsWith("nd4j-native 1.0.0-M2.1");
    }
  }

  @Test
  void checkpointsKeepTheOptimiserStateAndResumeExactly() throws IOException {
    TrainedModel model = trained();
    Path checkpoint = dir.resolve("checkpoint.zip");
    Path plain = dir.resolve("plain.zip");
    ModelFile.saveCheckpoint(checkpoint, model);
    ModelFile.save(plain, model);
    assertThat(Files.size(plain)).isLessThan(Files.size(checkpoint));

    TrainedModel resumed = ModelFile.loadCheckpoint(checkpoint);
    assertThat(resumed.network().getUpdater().getStateViewArray())
        .isEqualTo(model.network().getUpdater().getStateViewArray());
    model.network().fit(new INDArray[] {x}, new INDArray[] {y});
    resumed.network().fit(new INDArray[] {x}, new INDArray[] {y});
    assertThat(resumed.network().params()).isEqualTo(model.network().params());

    // Loading for inference skips the Adam state even when the file has it.
    assertThat(ModelFile.load(checkpoint).network().getUpdater().getStateViewArray().sumNumber().doubleValue())
        .isZero();
  }

  @Test
  void aCustomLossWithStateSurvivesSaveAndLoad() throws IOException {
    ComputationGraph net = UNet.create(CONFIG, new ScaledCrossEntropy(2.5));
    TrainedModel model = trained(net, CONFIG);
    Path file = dir.resolve("custom.zip");
    ModelFile.save(file, model);
    ComputationGraph back = ModelFile.load(file).network();

    assertThat(((CnnLossLayer) back.getLayer(UNet.OUTPUT).conf().getLayer()).getLossFn())
        .isInstanceOfSatisfying(ScaledCrossEntropy.class, l -> assertThat(l.weight()).isEqualTo(2.5));
    assertThat(back.score(new org.nd4j.linalg.dataset.MultiDataSet(x, y)))
        .isEqualTo(model.network().score(new org.nd4j.linalg.dataset.MultiDataSet(x, y)));
  }

  @Test
  void aNetworkNeedingAClassNotOnTheClasspathIsIncompatible() throws IOException {
    Path file = dir.resolve("custom.zip");
    ModelFile.save(file, trained(UNet.create(CONFIG, new ScaledCrossEntropy(2)), CONFIG));
    Path moved = dir.resolve("moved.zip");
    rewrite(file, moved, Map.of(ModelFile.NETWORK_ENTRY, net -> rewriteZip(net, Map.of("configuration.json",
        conf -> utf8(new String(conf, StandardCharsets.UTF_8).replace(ScaledCrossEntropy.class.getName(),
            "com.example.losses.PartialCrossEntropy"))))));
    assertThatThrownBy(() -> ModelFile.load(moved)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("not on the classpath: [com.example.losses.PartialCrossEntropy]");
  }

  @Test
  void corruptFilesFailWithCorruptModelFileException() throws IOException {
    Path good = dir.resolve("good.zip");
    ModelFile.save(good, trained());
    byte[] bytes = Files.readAllBytes(good);

    Path random = Files.write(dir.resolve("random.zip"), "this is no zip at all".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ModelFile.load(random)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("not a model file");

    Path cut = Files.write(dir.resolve("cut.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ModelFile.load(cut)).isInstanceOf(CorruptModelFileException.class);

    Path noNet = dir.resolve("no-net.zip");
    rewrite(good, noNet, Map.of(ModelFile.NETWORK_ENTRY, b -> null));
    assertThatThrownBy(() -> ModelFile.load(noNet)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("no entry 'network.dl4j'");

    Path badJson = dir.resolve("bad-json.zip");
    rewrite(good, badJson, Map.of(ModelFile.METADATA_ENTRY, b -> utf8("{\"format\": ")));
    assertThatThrownBy(() -> ModelFile.load(badJson)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("not valid JSON");

    Path noHalo = dir.resolve("no-halo.zip");
    rewrite(good, noHalo, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> m.remove("halo"))));
    assertThatThrownBy(() -> ModelFile.load(noHalo)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("lacks the field 'halo'");

    Path badHalo = dir.resolve("bad-halo.zip");
    rewrite(good, badHalo, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> m.put("halo", 16))));
    assertThatThrownBy(() -> ModelFile.load(badHalo)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("halo must be in 0..15");

    Path garbageNet = dir.resolve("garbage-net.zip");
    rewrite(good, garbageNet, Map.of(ModelFile.NETWORK_ENTRY, b -> utf8("weights")));
    assertThatThrownBy(() -> ModelFile.load(garbageNet)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("network");

    assertThatThrownBy(() -> ModelFile.load(dir.resolve("absent.zip"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void mismatchesAreIncompatible() throws IOException {
    Path good = dir.resolve("good.zip");
    ModelFile.save(good, trained());

    Path newer = dir.resolve("newer.zip");
    rewrite(good, newer, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> m.put("formatVersion", 2))));
    assertThatThrownBy(() -> ModelFile.load(newer)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("format version 2 is not supported").hasMessageContaining("newer Slidestream");

    Path sigmoid = dir.resolve("sigmoid.zip");
    rewrite(good, sigmoid, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> {
      m.put("head", "sigmoid");
      ((ObjectNode) m.get("network")).put("head", "sigmoid");
    })));
    assertThatThrownBy(() -> ModelFile.load(sigmoid)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("applies ActivationSoftmax but the metadata declares a sigmoid head");

    Path fourClasses = dir.resolve("four.zip");
    rewrite(good, fourClasses, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> {
      ((ObjectNode) m.get("network")).put("classes", 4);
      m.withArray("classes").addObject().put("channel", 3).put("id", 9).put("name", "Necrosis")
          .put("colour", "#202020");
    })));
    assertThatThrownBy(() -> ModelFile.load(fourClasses)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("layer 'logits' maps 15 to 3 channels")
        .hasMessageContaining("the metadata's network maps 15 to 4");

    Path moreLevels = dir.resolve("levels.zip");
    rewrite(good, moreLevels, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> ((ObjectNode) m.get("network"))
        .put("levels", 3))));
    assertThatThrownBy(() -> ModelFile.load(moreLevels)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("differ from a U-Net of 3 levels");

    Path namedTwice = dir.resolve("unnamed.zip");
    rewrite(good, namedTwice, Map.of(ModelFile.METADATA_ENTRY, editJson(m -> m.withArray("classes").remove(2))));
    assertThatThrownBy(() -> ModelFile.load(namedTwice)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("2 classes are named for a network with 3 output channels");
  }

  @Test
  void aModelMustMatchItsMetadata() {
    ComputationGraph sigmoidNet = UNet.create(CONFIG.toBuilder().head(Head.SIGMOID).build());
    assertThatThrownBy(() -> new TrainedModel(sigmoidNet, metadata(CONFIG)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applies ActivationSigmoid but the metadata declares a softmax head");
    assertThatThrownBy(() -> metadata(CONFIG).toBuilder().trainingConfiguration("iterations=3").build())
        .hasMessageContaining("training configuration is not valid JSON");
    assertThatThrownBy(() -> ModelMetadata.builder("m", CONFIG, CLASSES.subList(0, 2)).build())
        .hasMessageContaining("2 classes named for a network with 3 output channels");
    assertThatThrownBy(() -> ModelMetadata.builder("m", CONFIG, List.of(CLASSES.get(0), CLASSES.get(0),
        CLASSES.get(1))).build()).hasMessageContaining("class id 1 is used twice");
  }

  // --- zip surgery for the failure cases ---

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static UnaryOperator<byte[]> editJson(java.util.function.Consumer<ObjectNode> edit) {
    return b -> {
      try {
        ObjectNode m = (ObjectNode) JSON.readTree(b);
        edit.accept(m);
        return JSON.writeValueAsBytes(m);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** Copies a zip, passing entries through the given edits; an edit returning null drops the entry. */
  private static byte[] rewriteZip(byte[] zip, Map<String, UnaryOperator<byte[]>> edits) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), in.readAllBytes());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          byte[] data = edits.getOrDefault(e.getKey(), UnaryOperator.identity()).apply(e.getValue());
          if (data != null) {
            z.putNextEntry(new ZipEntry(e.getKey()));
            z.write(data);
            z.closeEntry();
          }
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void rewrite(Path src, Path dst, Map<String, UnaryOperator<byte[]>> edits) throws IOException {
    Files.write(dst, rewriteZip(Files.readAllBytes(src), edits));
  }
}
