package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.LabelClass;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.models.compound.CompoundModelFile;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import io.slidestream.service.fixtures.TestSlides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} with {@code train.compound}, then {@code predict} with the compound model it wrote. */
class CompoundCommandsTest {

  @TempDir Path dir;

  @Test
  void trainsTheSecondNetworkOfACompoundModelAndPredictsASlideWithIt() throws Exception {
    for (int i = 1; i <= 2; i++) {
      Files.writeString(dir.resolve("s" + i + ".synthetic.json"),
          "{\"width\": 1024, \"height\": 1024, \"seed\": " + (40 + i) + ", \"tissueFraction\": 0.9}");
      SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(1024, 1024, 40 + i).withTissueFraction(0.9));
      SyntheticGroundTruth.writeGeoJson(slide, dir, "s" + i + ".annotations");
    }
    // An untrained binary first model at 1 µm/px: the plumbing, not the accuracy, is under test.
    UNetConfig firstNet = UNetConfig.builder().levels(2).filters(4).patchSize(32).classes(2).seed(9).build();
    List<LabelClass> binary = List.of(SyntheticClasses.byId(1), SyntheticClasses.byId(3));
    Path first = dir.resolve("first.model.zip");
    ModelFile.save(first, new TrainedModel(UNet.create(firstNet),
        ModelMetadata.builder("first", firstNet, binary).micronsPerPixel(1.0).build()));
    Path protocol = Path.of(System.getProperty("slidestream.repo.root", "..")).resolve("conf/protocols/synthetic.conf")
        .toAbsolutePath();
    Path config = Files.writeString(dir.resolve("train.conf"), """
        train {
          name = "second", seed = 3, output-dir = "%1$s/out"
          data {
            protocol = "%2$s"
            slides = [ { slide = "%1$s/s1.synthetic.json", annotations = "%1$s/s1.annotations.geojson" }
                       { slide = "%1$s/s2.synthetic.json", annotations = "%1$s/s2.annotations.geojson",
                         validation = true } ]
          }
          model { levels = 2, filters = 4, patch-size = 16, microns-per-pixel = 2.0 }
          augmentation = "flip, rot90"
          batch-size = 2, iterations = 4, validate-every = 4, checkpoint-every = 4, learning-rate = 3e-3
          compound { first-model = "%3$s" }
        }
        """.formatted(dir, protocol, first));

    var train = SlidestreamCommandTest.run("train", "--config", config.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.err()).contains("compound over a first model 2x finer").contains("validation at 4");
    Path model = dir.resolve("out/second.model.zip");
    assertThat(CompoundModelFile.isCompound(model)).isTrue();

    // 600 x 600 at 0.5 µm/px: 150 x 150 at 2 µm/px, 10 x 10 tiles of 16 px, read as 32 px at 1 µm/px.
    Path slide = TestSlides.synthetic(dir.resolve("slides"), "case-c", 600, 600, 5);
    var predict = SlidestreamCommandTest.run("predict", slide.toString(), "--model", model.toString(),
        "--out", dir.resolve("predictions").toString(), "--outputs", "mask-tiff,areas-json", "--progress", "lines");
    assertThat(predict.exit()).as(predict.err()).isZero();
    assertThat(predict.out()).containsPattern("slide [0-9a-f]{16}: 100 tiles at 2.0 µm/px, model second");
  }
}
