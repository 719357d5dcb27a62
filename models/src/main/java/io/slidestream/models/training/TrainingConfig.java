package io.slidestream.models.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * One training run, as written in a HOCON file under {@code train { … }} (see
 * {@code conf/train/*.conf}). Relative paths are resolved by the caller.
 *
 * @param name              run name, used for the output files
 * @param seed              seeds sampling, augmentation, initialisation and sparse simulation
 * @param outputDir         checkpoints, the log and the final model go here
 * @param images            directory of training images (RGB PNG/TIFF)
 * @param masks             directory of label masks with the same file stems
 * @param protocol          labeling protocol file (HOCON) mapping mask values to label sets
 * @param validationFraction share of images held out (with dense labels) for validation
 * @param sparseKeepFraction if above 0, sparse annotations keeping about this share of pixels are
 *                          simulated from the dense training masks (validation stays dense)
 * @param levels            U-Net levels
 * @param filters           filters at the first level, doubling per level
 * @param patchSize         training patch side, a multiple of 2^(levels-1)
 * @param micronsPerPixel   resolution the images are at (recorded in the model)
 * @param loss              loss name ({@code partial-ce}, {@code naive-mask}, {@code binary-ambiguity[:variant]})
 * @param balancing         {@code none}, {@code instance} or {@code minibatch}
 * @param augmentation      augmentation pipeline text ("" for none)
 * @param batchSize         patches per mini-batch
 * @param iterations        mini-batches to train on in total
 * @param learningRate      Adam's initial learning rate
 * @param validateEvery     iterations between validations
 * @param patience          validations without improvement before the learning rate is halved
 * @param checkpointEvery   iterations between checkpoints
 */
public record TrainingConfig(
    String name,
    long seed,
    Path outputDir,
    Path images,
    Path masks,
    Path protocol,
    double validationFraction,
    double sparseKeepFraction,
    int levels,
    int filters,
    int patchSize,
    double micronsPerPixel,
    String loss,
    String balancing,
    String augmentation,
    int batchSize,
    int iterations,
    double learningRate,
    int validateEvery,
    int patience,
    int checkpointEvery) {

  public TrainingConfig {
    Objects.requireNonNull(name, "name");
    if (iterations < 1 || batchSize < 1 || validateEvery < 1 || checkpointEvery < 1 || patience < 1) {
      throw new IllegalArgumentException("iterations, batch-size, validate-every, checkpoint-every and patience"
          + " must be positive");
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation-fraction must be in (0, 1), got " + validationFraction);
    }
    if (!(sparseKeepFraction >= 0 && sparseKeepFraction < 1)) {
      throw new IllegalArgumentException("sparse.keep-fraction must be in [0, 1), got " + sparseKeepFraction);
    }
  }

  /**
   * Reads the {@code train} section; {@code resolve} turns configured paths into real ones
   * (relative to the installation directory, say).
   */
  public static TrainingConfig fromConfig(Config root, Function<String, Path> resolve) {
    Config c = root.getConfig("train").withFallback(defaults());
    return new TrainingConfig(
        c.getString("name"),
        c.getLong("seed"),
        resolve.apply(c.getString("output-dir")),
        resolve.apply(c.getString("data.images")),
        resolve.apply(c.getString("data.masks")),
        resolve.apply(c.getString("data.protocol")),
        c.getDouble("data.validation-fraction"),
        c.getDouble("data.sparse.keep-fraction"),
        c.getInt("model.levels"),
        c.getInt("model.filters"),
        c.getInt("model.patch-size"),
        c.getDouble("model.microns-per-pixel"),
        c.getString("loss"),
        c.getString("balancing"),
        c.getString("augmentation"),
        c.getInt("batch-size"),
        c.getInt("iterations"),
        c.getDouble("learning-rate"),
        c.getInt("validate-every"),
        c.getInt("patience"),
        c.getInt("checkpoint-every"));
  }

  /** Every key but the data paths has a default. */
  static Config defaults() {
    return ConfigFactory.parseString("""
        name = "model"
        seed = 1
        output-dir = "work/models"
        data { validation-fraction = 0.2, sparse.keep-fraction = 0 }
        model { levels = 4, filters = 16, patch-size = 256, microns-per-pixel = 1.0 }
        loss = "partial-ce"
        balancing = "minibatch"
        augmentation = "flip, rot90"
        batch-size = 8
        iterations = 1000
        learning-rate = 1e-4
        validate-every = 100
        patience = 5
        checkpoint-every = 100
        """);
  }

  /** The configuration as JSON, stored in checkpoints and the model file so a run can be repeated. */
  public String toJson() {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a training configuration is always serialisable", e);
    }
  }
}
