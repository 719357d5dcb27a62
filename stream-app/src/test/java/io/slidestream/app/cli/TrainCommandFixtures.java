package io.slidestream.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Training files on tiny image/mask directories, for tests that run {@code train} in another JVM. */
public final class TrainCommandFixtures {

  private TrainCommandFixtures() {}

  /**
   * Five 96 × 96 images (a pink square on white, class 1 inside), a two-class protocol and a
   * training file with hard example mining on: a U-Net of 2 levels and 4 filters on 32-px
   * patches, k within [4, 8] so that cycles are short and many, one worker, output in {@code dir/out}.
   */
  public static Path hemTrainingFile(Path dir, String name, int iterations) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Path masks = Files.createDirectories(dir.resolve("masks"));
    for (int i = 0; i < 5; i++) {
      TrainCommandTest.writePair(images, masks, "img_" + i, i * 5);
    }
    Path protocol = Files.writeString(dir.resolve("protocol.conf"), """
        classes = [ { name = background, color = "#ffffff" }, { name = lesion, color = "#c80000" } ]
        values { 0 = background, 1 = lesion }
        """);
    return Files.writeString(dir.resolve(name + ".train.conf"), """
        train {
          name = "%s", seed = 3, output-dir = "%s"
          data { images = "%s", masks = "%s", protocol = "%s", validation-fraction = 0.4 }
          model { levels = 2, filters = 4, patch-size = 32 }
          batch-size = 4, iterations = %d, validate-every = 20, checkpoint-every = 20, learning-rate = 1e-2
          augmentation = "flip"
          hem {
            enabled = true, k0 = 8, k-min = 4, k-max = 8, k-step = 0.25, k-deadband = 0.05
            n-min = 8, pool-capacity = 64, floor = 0.2, cell-size = 16
            slide-temperature = 0.1, slide-floor = 0.2, error-decay = 0.5
            workers = 1, patience = 90s
          }
        }
        """.formatted(name, dir.resolve("out"), images, masks, protocol, iterations));
  }
}
