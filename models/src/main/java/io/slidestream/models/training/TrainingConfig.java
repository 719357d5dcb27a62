package io.slidestream.models.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.models.losses.Losses;
import io.slidestream.models.losses.PartialLabelLoss;
import io.slidestream.models.unet.Head;
import io.slidestream.models.hem.HemConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One training run, as written in a HOCON file under {@code train { … }} (see
 * {@code conf/train/*.conf}). Relative paths are resolved by the caller.
 *
 * <p>The training data ({@code train.data}) is one of two kinds:
 * <ul>
 *   <li><b>images and masks</b> ({@code data.images}, {@code data.masks}): two directories of
 *       files paired by stem, read into memory, split into training and validation images by the
 *       seed; {@code data.sparse.keep-fraction} simulates sparse annotations on the training part;</li>
 *   <li><b>slides and annotation files</b> ({@code data.slides}, a list of
 *       {@code { slide = FILE, annotations = FILE, reference = FILE, validation = true|false }}):
 *       each slide is read through {@link io.slidestream.models.data.SlidePatchSource} at
 *       {@code model.microns-per-pixel} (the slide must state its µm/px) with its annotations
 *       rasterised to label sets by the protocol ({@code .geojson}/{@code .json} QuPath GeoJSON,
 *       {@code .xml} ASAP, {@code .png}/{@code .tif} label images covering the slide at
 *       {@code data.label-image-downsample} level-0 pixels per label pixel). {@code reference}
 *       (optional) is a dense annotation file that validation scores against; without it
 *       validation scores against the slide's own single-class annotations. Slides marked
 *       {@code validation = true} are the validation set; if none is marked, a share of
 *       {@code data.validation-fraction} of the slides (at least one) is held out by the seed.
 *       Patches are drawn uniformly over the annotated area of the training slides.</li>
 * </ul>
 * {@code data.protocol} (the labeling protocol) is needed by both.
 *
 * @param name              run name, used for the output files
 * @param seed              seeds sampling, augmentation, initialisation and sparse simulation
 * @param outputDir         checkpoints, the log and the final model go here
 * @param images            directory of training images (RGB PNG/TIFF); null when training from slides
 * @param masks             directory of label masks with the same file stems; null when training from slides
 * @param protocol          labeling protocol file (HOCON) mapping mask values or annotation class names to label sets
 * @param validationFraction share of images (or slides, when none is marked for validation) held out for validation
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
 * @param smiler            SMILEr curriculum rounds ({@code smiler { rounds = 0, gamma-max = 0.66,
 *                          threshold = 0.5 }}, 0 rounds = off): only with a {@code binary-ambiguity}
 *                          loss and in-memory images; the iterations are split evenly into rounds + 1
 *                          phases, see {@link SmilerConfig}
 * @param slides            the slides and annotation files to train from; empty when training from images and masks
 * @param labelImageDownsample level-0 slide pixels per pixel of a label-image annotation file
 *                          ({@code data.label-image-downsample}, default 1)
 * @param hem               quasi-online hard example mining ({@code hem { enabled = false, … }}, see
 *                          {@link HemConfig}): with it on, {@code io.slidestream.models.hem.LocalHemRun}
 *                          trains instead of {@link Trainer}; not with SMILEr
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
    int checkpointEvery,
    SmilerConfig smiler,
    List<TrainingSlide> slides,
    double labelImageDownsample,
    HemConfig hem) {

  public TrainingConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(smiler, "smiler");
    Objects.requireNonNull(hem, "hem");
    if (hem.enabled() && smiler.enabled()) {
      throw new IllegalArgumentException("train.hem and train.smiler cannot be combined: SMILEr relabels the whole"
          + " training images between phases, hard example mining samples from error maps of the labels as they are");
    }
    slides = List.copyOf(slides);
    if (slides.isEmpty() == (images == null || masks == null)) {
      throw new IllegalArgumentException(slides.isEmpty()
          ? "train.data needs either images and masks or a list of slides"
          : "train.data names both images/masks and slides; give one or the other");
    }
    if (!slides.isEmpty() && sparseKeepFraction > 0) {
      throw new IllegalArgumentException("data.sparse.keep-fraction simulates sparse labels from dense masks; it does"
          + " not apply to slides with annotation files");
    }
    if (!(labelImageDownsample > 0) || Double.isInfinite(labelImageDownsample)) {
      throw new IllegalArgumentException("data.label-image-downsample must be positive, got " + labelImageDownsample);
    }
    PartialLabelLoss named = Losses.named(loss);
    if (smiler.enabled()) {
      if (named.head() != Head.SIGMOID) {
        throw new IllegalArgumentException("train.smiler.rounds = " + smiler.rounds() + " needs a binary-ambiguity"
            + " loss (sigmoid heads: SMILEr relabels per-class binary problems), but loss is '" + loss + "'");
      }
      if (!slides.isEmpty()) {
        throw new IllegalArgumentException("train.smiler relabels whole training images each round; it needs images"
            + " and masks in memory, not slides");
      }
      if (iterations < smiler.rounds() + 1) {
        throw new IllegalArgumentException("train.smiler.rounds = " + smiler.rounds() + " needs at least "
            + (smiler.rounds() + 1) + " iterations (one phase per round plus the first), got " + iterations);
      }
    }
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

  /** A run without hard example mining (the form before {@code train.hem} existed). */
  public TrainingConfig(String name, long seed, Path outputDir, Path images, Path masks, Path protocol,
      double validationFraction, double sparseKeepFraction, int levels, int filters, int patchSize,
      double micronsPerPixel, String loss, String balancing, String augmentation, int batchSize, int iterations,
      double learningRate, int validateEvery, int patience, int checkpointEvery, SmilerConfig smiler,
      List<TrainingSlide> slides, double labelImageDownsample) {
    this(name, seed, outputDir, images, masks, protocol, validationFraction, sparseKeepFraction, levels, filters,
        patchSize, micronsPerPixel, loss, balancing, augmentation, batchSize, iterations, learningRate, validateEvery,
        patience, checkpointEvery, smiler, slides, labelImageDownsample, HemConfig.OFF);
  }

  /** A run on images and masks without SMILEr (the form every key but the newer ones takes). */
  public TrainingConfig(String name, long seed, Path outputDir, Path images, Path masks, Path protocol,
      double validationFraction, double sparseKeepFraction, int levels, int filters, int patchSize,
      double micronsPerPixel, String loss, String balancing, String augmentation, int batchSize, int iterations,
      double learningRate, int validateEvery, int patience, int checkpointEvery) {
    this(name, seed, outputDir, images, masks, protocol, validationFraction, sparseKeepFraction, levels, filters,
        patchSize, micronsPerPixel, loss, balancing, augmentation, batchSize, iterations, learningRate, validateEvery,
        patience, checkpointEvery, SmilerConfig.OFF, List.of(), 1, HemConfig.OFF);
  }

  /** Whether the data are slides with annotation files (else images and masks). */
  public boolean fromSlides() {
    return !slides.isEmpty();
  }

  /** The same configuration with other SMILEr rounds. */
  public TrainingConfig withSmiler(SmilerConfig other) {
    return new TrainingConfig(name, seed, outputDir, images, masks, protocol, validationFraction, sparseKeepFraction,
        levels, filters, patchSize, micronsPerPixel, loss, balancing, augmentation, batchSize, iterations,
        learningRate, validateEvery, patience, checkpointEvery, other, slides, labelImageDownsample, hem);
  }

  /** The same configuration with other hard-example-mining settings. */
  public TrainingConfig withHem(HemConfig other) {
    return new TrainingConfig(name, seed, outputDir, images, masks, protocol, validationFraction, sparseKeepFraction,
        levels, filters, patchSize, micronsPerPixel, loss, balancing, augmentation, batchSize, iterations,
        learningRate, validateEvery, patience, checkpointEvery, smiler, slides, labelImageDownsample, other);
  }

  /**
   * Reads the {@code train} section; {@code resolve} turns configured paths into real ones
   * (relative to the installation directory, say).
   */
  public static TrainingConfig fromConfig(Config root, Function<String, Path> resolve) {
    Config c = root.getConfig("train").withFallback(defaults());
    List<TrainingSlide> slides = new ArrayList<>();
    if (c.hasPath("data.slides")) {
      for (Config s : c.getConfigList("data.slides")) {
        slides.add(new TrainingSlide(
            resolve.apply(s.getString("slide")),
            resolve.apply(s.getString("annotations")),
            s.hasPath("reference") ? resolve.apply(s.getString("reference")) : null,
            s.hasPath("validation") && s.getBoolean("validation")));
      }
    }
    return new TrainingConfig(
        c.getString("name"),
        c.getLong("seed"),
        resolve.apply(c.getString("output-dir")),
        c.hasPath("data.images") ? resolve.apply(c.getString("data.images")) : null,
        c.hasPath("data.masks") ? resolve.apply(c.getString("data.masks")) : null,
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
        c.getInt("checkpoint-every"),
        new SmilerConfig(c.getInt("smiler.rounds"), c.getDouble("smiler.gamma-max"), c.getDouble("smiler.threshold")),
        slides,
        c.getDouble("data.label-image-downsample"),
        HemConfig.fromConfig(c));
  }

  /** Every key but the data paths has a default. */
  static Config defaults() {
    return ConfigFactory.parseString("""
        name = "model"
        seed = 1
        output-dir = "work/models"
        data { validation-fraction = 0.2, sparse.keep-fraction = 0, label-image-downsample = 1 }
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
        smiler { rounds = 0, gamma-max = 0.66, threshold = 0.5 }
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
