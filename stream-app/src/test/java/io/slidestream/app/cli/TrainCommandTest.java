package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} then {@code eval} from the command line on small image/mask directories. */
class TrainCommandTest {

  @TempDir Path dir;

  /** A pink square on white: class 1 inside, 0 outside, at a per-image position. */
  static void writePair(Path images, Path masks, String name, int offset) throws Exception {
    RgbRaster img = RgbRaster.filled(96, 96, 0xf4f0f2);
    BufferedImage mask = new BufferedImage(96, 96, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 20 + offset; y < 60 + offset; y++) {
      for (int x = 16 + offset; x < 64 + offset; x++) {
        img.setRgb(x, y, 0xc05090);
        mask.getRaster().setSample(x, y, 0, 1);
      }
    }
    ImageIO.write(img.toBufferedImage(), "png", images.resolve(name + ".png").toFile());
    ImageIO.write(mask, "png", masks.resolve(name + ".png").toFile());
  }

  /** Five image/mask pairs and a two-class protocol; returns the protocol file. */
  private Path writeData(Path images, Path masks) throws Exception {
    Files.createDirectories(images);
    Files.createDirectories(masks);
    for (int i = 0; i < 5; i++) {
      writePair(images, masks, "img_" + i, i * 5);
    }
    return Files.writeString(dir.resolve("protocol.conf"), """
        classes = [ { name = background, color = "#ffffff" }, { name = lesion, color = "#c80000" } ]
        values { 0 = background, 1 = lesion }
        """);
  }

  @Test
  void trainsFromAConfigFileWritesWeightsAndLogAndEvaluates() throws Exception {
    Path images = dir.resolve("images");
    Path masks = dir.resolve("masks");
    Path protocol = writeData(images, masks);
    Path config = Files.writeString(dir.resolve("train.conf"), """
        train {
          name = "tiny", seed = 3, output-dir = "%s"
          data { images = "%s", masks = "%s", protocol = "%s", validation-fraction = 0.4 }
          model { levels = 2, filters = 4, patch-size = 32 }
          batch-size = 4, iterations = 6, validate-every = 3, checkpoint-every = 3, learning-rate = 1e-2
          augmentation = "flip"
        }
        """.formatted(dir.resolve("out"), images, masks, protocol));

    var train = SlidestreamCommandTest.run("train", "--config", config.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.err()).contains("3 training and 2 validation images").contains("validation at 6");
    assertThat(train.out()).contains("overall").contains("lesion");
    Path model = dir.resolve("out/tiny.model.zip");
    assertThat(model).exists();
    List<String> log = Files.readAllLines(dir.resolve("out/tiny.log.csv"));
    assertThat(log).hasSize(7);

    var eval = SlidestreamCommandTest.run("eval", "--model", model.toString(), "--images", images.toString(),
        "--masks", masks.toString(), "--protocol", protocol.toString(), "--json");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("\"lesion\"").contains("prAuc");
  }

  @Test
  void withHardExampleMiningOnItPrintsOneLinePerCycleAndWritesAModelThatEvaluates() throws Exception {
    Path images = dir.resolve("images");
    Path masks = dir.resolve("masks");
    Path protocol = writeData(images, masks);
    Path config = Files.writeString(dir.resolve("train.conf"), """
        train {
          name = "tiny-hem", seed = 3, output-dir = "%s"
          data { images = "%s", masks = "%s", protocol = "%s", validation-fraction = 0.4 }
          model { levels = 2, filters = 4, patch-size = 32 }
          batch-size = 4, iterations = 6, validate-every = 3, learning-rate = 1e-2
          hem { enabled = true, k0 = 4, k-min = 4, k-max = 16, n-min = 4, pool-capacity = 32, cell-size = 16 }
        }
        """.formatted(dir.resolve("out"), images, masks, protocol));

    var train = SlidestreamCommandTest.run("train", "--config", config.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.err()).contains("hard example mining with 1 error-map worker(s)").contains("cycle 0: slides")
        .contains("validation at 6");
    long cycles = train.err().lines().filter(l -> l.startsWith("cycle ")).count();
    List<String> cycleLog = Files.readAllLines(dir.resolve("out/tiny-hem.hem.csv"));
    assertThat(cycleLog).hasSize((int) cycles + 1);
    assertThat(cycleLog.get(cycleLog.size() - 1)).contains(",6,");
    Path model = dir.resolve("out/tiny-hem.model.zip");
    assertThat(model).exists();
    var eval = SlidestreamCommandTest.run("eval", "--model", model.toString(), "--images", images.toString(),
        "--masks", masks.toString(), "--protocol", protocol.toString(), "--json");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("\"lesion\"");
  }

  @Test
  void aMissingConfigFileIsAUsageError() {
    var r = SlidestreamCommandTest.run("train", "--config", dir.resolve("nope.conf").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no such configuration file");
  }
}
