package io.slidestream.models.compound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.data.FeaturePlanes;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.SlidePatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.training.Trainer;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingData;
import io.slidestream.models.training.TrainingProgress;
import io.slidestream.models.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training a compound model's second network from synthetic slides (0.5 µm/px, 1024 px a side):
 * the first model (untrained, binary, 1 µm/px) frozen, the second at 2 µm/px on RGB plus its output.
 */
@ExtendWith(SingleThreadedNd4j.class)
class CompoundTrainingTest {

  @TempDir static Path dir;
  static Path firstFile;

  @BeforeAll
  static void writeSlidesAndFirstModel() throws Exception {
    for (int i = 1; i <= 2; i++) {
      Files.writeString(dir.resolve("s" + i + ".synthetic.json"),
          "{\"width\": 1024, \"height\": 1024, \"seed\": " + (40 + i) + ", \"tissueFraction\": 0.9}");
      SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(1024, 1024, 40 + i).withTissueFraction(0.9));
      SyntheticGroundTruth.writeGeoJson(slide, dir, "s" + i + ".annotations");
    }
    firstFile = dir.resolve("first.model.zip");
    ModelFile.save(firstFile, TinyCompound.first(2, 31));
  }

  static Config root(String augmentation, String data) {
    Path protocol = Path.of(System.getProperty("slidestream.repo.root", "..")).resolve("conf/protocols/synthetic.conf")
        .toAbsolutePath();
    return ConfigFactory.parseString("""
        train {
          name = "second", seed = 5, output-dir = "out"
          data { protocol = "%s", %s }
          model { levels = 2, filters = 4, patch-size = 16, microns-per-pixel = 2.0 }
          augmentation = "%s"
          batch-size = 2, iterations = 4, validate-every = 4, checkpoint-every = 4, learning-rate = 3e-3
          compound { first-model = "first.model.zip" }
        }
        """.formatted(protocol, data, augmentation));
  }

  static final String SLIDES = """
      slides = [ { slide = "s1.synthetic.json", annotations = "s1.annotations.geojson" }
                 { slide = "s2.synthetic.json", annotations = "s2.annotations.geojson", validation = true } ]
      """;

  @Test
  void patchesCarryTheFirstModelsOutputOverTheSameAreaAtTheFinerResolution() throws Exception {
    Config root = root("", SLIDES);
    TrainingConfig config = TrainingConfig.fromConfig(root, p -> dir.resolve(p));
    try (TrainingData data = TrainingData.open(config);
        CompoundTraining compound = CompoundTraining.open(
            CompoundTraining.firstModelOf(root, dir::resolve).orElseThrow(), config);
        CompoundSegmentationModel reference = CompoundSegmentationModel.of(
            new CompoundModel(compound.first(), TinyCompound.second(1, 1)))) {
      assertThat(compound.scale()).isEqualTo(2);
      assertThat(compound.inputChannels()).isEqualTo(4);
      PatchSource source = compound.wrap(data.train());
      TrainingSample s = source.read(new PatchRequest(0, 40, 24, 16, 16));
      TrainingSample plain = data.train().read(new PatchRequest(0, 40, 24, 16, 16));
      assertThat(s.labels()).isEqualTo(plain.labels());
      assertThat(s.extraChannels()).isEqualTo(1);
      // The same area read by hand at 1 µm/px (downsample 2 of the 0.5 µm/px slide) through the inference path.
      SlidePatchSource slides = (SlidePatchSource) data.train();
      RgbRaster fine = slides.readImageAtLevel0(0, 2.0, 160, 96, 32, 32);
      CompoundInput.Coarse want = reference.input(List.of(fine));
      assertThat(s.extra().orElseThrow()).isEqualTo(want.extra().get(0));
      assertThat(s.image()).isEqualTo(want.images().get(0));
    }
  }

  @Test
  void augmentationMovesTheExtraChannelsWithTheImage() {
    RgbRaster image = TinyCompound.noise(16, 3);
    float[] plane = new float[256];
    for (int i = 0; i < 256; i++) {
      plane[i] = (image.data()[3 * i] & 0xff) / 255f;
    }
    TrainingSample s = TrainingSample.of("s", image, io.slidestream.annotations.LabelSetRaster.create(16, 16, 2, 0b11))
        .withInput(image, new FeaturePlanes(1, 16, 16, plane));
    AugmentationPipeline pipeline = AugmentationPipeline.parse("flip, rot90, brightness");
    int moved = 0;
    for (long seed = 0; seed < 8; seed++) {
      TrainingSample a = s.augmented(pipeline, seed);
      FeaturePlanes e = a.extra().orElseThrow();
      // Flips and quarter turns move the plane exactly as the red channel (brightness changes only RGB).
      TrainingSample geometric = s.augmented(AugmentationPipeline.parse("flip, rot90"), seed);
      for (int i = 0; i < 256; i++) {
        assertThat(e.data()[i]).isEqualTo((geometric.image().data()[3 * i] & 0xff) / 255f);
      }
      moved += java.util.Arrays.equals(e.data(), plane) ? 0 : 1;
    }
    assertThat(moved).as("seeds of 8 that moved the plane").isGreaterThan(4);
    // A rotation by an arbitrary angle interpolates the plane as it interpolates the image.
    TrainingSample r = s.augmented(AugmentationPipeline.parse("rotate"), 42);
    for (int i = 0; i < 256; i++) {
      assertThat(r.extra().orElseThrow().data()[i] * 255f).isCloseTo(r.image().data()[3 * i] & 0xff,
          org.assertj.core.data.Offset.offset(0.51f));
    }
  }

  @Test
  void aTinySecondNetworkTrainsAndItsCompoundModelOpens() throws Exception {
    Config root = root("flip, rot90", SLIDES);
    TrainingConfig config = TrainingConfig.fromConfig(root, p -> dir.resolve(p));
    TrainingResult result;
    try (TrainingData data = TrainingData.open(config);
        CompoundTraining compound = CompoundTraining.open(firstFile, config)) {
      Trainer trainer = new Trainer(config, compound.wrap(data.train()), compound.wrap(data.validation()),
          data.protocol().classes(), data.protocol().backgroundClass(), compound.inputChannels());
      result = trainer.run(false, TrainingProgress.silent());
      compound.writeModel(result.model());
    }
    assertThat(result.report()).isNotNull();
    assertThat(CompoundModelFile.isCompound(result.model())).isTrue();
    try (SlideModel m = SlideModels.load(result.model())) {
      assertThat(m.inputScale()).isEqualTo(2);
      assertThat(m.metadata().micronsPerPixel()).isEqualTo(2.0);
      assertThat(m.metadata().network().inputChannels()).isEqualTo(4);
      assertThat(m.predict(List.of(TinyCompound.noise(32, 4))).get(0).labels().width()).isEqualTo(16);
      TrainedModel first = ((CompoundSegmentationModel) m).model().first();
      assertThat(first.network().params()).as("the first model stayed frozen")
          .isEqualTo(ModelFile.load(firstFile).network().params());
    }
  }

  @Test
  void compoundTrainingNeedsSlidesAndAWholeResolutionFactor() throws Exception {
    Config images = root("", "images = \"i\", masks = \"m\"");
    TrainingConfig imageConfig = TrainingConfig.fromConfig(images, p -> dir.resolve(p));
    assertThatThrownBy(() -> CompoundTraining.open(firstFile, imageConfig))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train.data.slides");
    Config odd = root("", SLIDES).withFallback(ConfigFactory.empty());
    odd = ConfigFactory.parseString("train.model.microns-per-pixel = 2.5").withFallback(odd);
    TrainingConfig oddConfig = TrainingConfig.fromConfig(odd, p -> dir.resolve(p));
    assertThatThrownBy(() -> CompoundTraining.open(firstFile, oddConfig))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole multiple");
  }
}
