package io.slidestream.models.training;

import java.nio.file.Path;

/**
 * Where a training run's files go: {@code NAME.*} in the output directory. One naming for every
 * training loop, so a hard-example-mining run leaves its model and log where a uniform run does.
 */
public record RunFiles(Path dir, String name) {

  public static RunFiles of(TrainingConfig config) {
    return new RunFiles(config.outputDir(), config.name());
  }

  public Path file(String suffix) {
    return dir.resolve(name + suffix);
  }

  /** One row per mini-batch ({@link TrainingLog}). */
  public Path logFile() {
    return file(".log.csv");
  }

  /** The weights that scored best on validation. */
  public Path bestFile() {
    return file(".best.zip");
  }

  /** The model file written at the end: the best weights with everything needed to use them. */
  public Path modelFile() {
    return file(".model.zip");
  }
}
