package io.slidestream.app.demo;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticAnnotations;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.masks.MaskSpec;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.training.Trainer;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingProgress;
import io.slidestream.models.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Trains a small U-Net on a synthetic slide's simulated sparse annotations (what a pathologist's
 * few strokes and blobs give: most pixels unlabelled) for a time budget, validating on another
 * synthetic slide's dense truth. The budget is kept in two runs: a first chunk of iterations
 * measures the pace on this machine, then one run resuming exactly from its checkpoint trains as
 * many more iterations as the rest of the budget affords (a new run per check would pay the
 * network's set-up each time).
 *
 * @param name           run name; the model file is {@code <outputDir>/<name>.model.zip}
 * @param outputDir      checkpoints, log and model
 * @param downsample     level-0 pixels per training pixel (whole number)
 * @param budget         training time to spend, at least one chunk
 * @param maxIterations  iterations at most
 * @param chunk          iterations of the first, measuring run; validation every as many
 * @param seed           initialisation and sampling
 */
public record SparseSlideTraining(String name, Path outputDir, int downsample, Duration budget, int maxIterations,
    int chunk, long seed) {

  public SparseSlideTraining {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(outputDir, "outputDir");
    if (downsample < 1 || maxIterations < 1 || chunk < 1) {
      throw new IllegalArgumentException("downsample, max iterations and chunk must be positive");
    }
  }

  /** Reports each run. */
  public interface Listener {
    void chunk(long iterations, double bestDice, Duration spent);
  }

  /**
   * Trains on {@code train}'s sparse annotations, validates on {@code validation}'s dense truth;
   * returns the training result (its model file holds the best validated weights).
   */
  public TrainingResult run(SyntheticSlide train, SyntheticSlide validation, Listener listener) throws IOException {
    InMemoryPatchSource trainSource = InMemoryPatchSource.of(List.of(sparseSample(train, downsample)));
    InMemoryPatchSource validationSource = InMemoryPatchSource.of(List.of(denseSample(validation, downsample)));
    long started = System.nanoTime();
    int first = Math.min(maxIterations, chunk);
    TrainingResult result = runTo(first, false, trainSource, validationSource);
    Duration spent = elapsed(started);
    listener.chunk(first, result.bestDice(), spent);
    if (first < maxIterations && spent.compareTo(budget) < 0) {
      // The first chunk measured the pace on this machine; one resumed run spends the rest.
      double perIteration = (double) spent.toNanos() / first;
      long affordable = (long) ((budget.toNanos() - spent.toNanos()) / perIteration);
      int target = (int) Math.min(maxIterations, first + Math.max(1, affordable));
      result = runTo(target, true, trainSource, validationSource);
      listener.chunk(target, result.bestDice(), elapsed(started));
    }
    return result;
  }

  private TrainingResult runTo(int iterations, boolean resume, InMemoryPatchSource train,
      InMemoryPatchSource validation) throws IOException {
    return new Trainer(config(iterations), train, validation, SyntheticClasses.CLASSES)
        .run(resume, TrainingProgress.silent());
  }

  private static Duration elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Three levels, 8 filters, 64 px patches: small enough to learn in minutes on two cores. */
  TrainingConfig config(int iterations) {
    double mpp = 0.5 * downsample;
    return new TrainingConfig(name, seed, outputDir, Path.of("synthetic"), Path.of("synthetic"), Path.of("synthetic"),
        0.5, 0, 3, 8, 64, mpp, "partial-ce", "minibatch", "flip, rot90", 8, iterations, 3e-3, chunk, 3, chunk);
  }

  /**
   * The whole slide at {@code d} with its simulated annotations as label sets: an annotated pixel
   * admits its class only, an unannotated one every class (the partial-label loss ignores it).
   */
  static TrainingSample sparseSample(SyntheticSlide slide, int d) {
    MaskSpec spec = SyntheticGroundTruth.maskSpec(slide, "train", d, true);
    int w = (int) spec.width();
    int h = (int) spec.height();
    RgbRaster image = slide.renderAtDownsample(d, 0, 0, w, h);
    SyntheticAnnotations annotations = new SyntheticAnnotations(slide);
    LabelRaster sparse = LabelRaster.create(w, h);
    for (int row = 0; row < spec.rows(); row++) {
      for (int col = 0; col < spec.columns(); col++) {
        LabelRaster tile = SyntheticGroundTruth.sparseTile(annotations, spec, col, row);
        sparse.copyFrom(tile, 0, 0, col * spec.tileSize(), row * spec.tileSize(), tile.width(), tile.height());
      }
    }
    int classes = SyntheticClasses.CLASSES.size();
    long all = (1L << classes) - 1;
    long[] sets = new long[w * h];
    byte[] ids = sparse.data();
    for (int i = 0; i < sets.length; i++) {
      int id = ids[i] & 0xff;
      // Channel c predicts synthetic class c + 1.
      sets[i] = id == SyntheticClasses.UNANNOTATED ? all : 1L << (id - 1);
    }
    return TrainingSample.of("sparse:" + slide.spec().seed(), image, LabelSetRaster.wrap(w, h, classes, sets));
  }

  /** The whole slide at {@code d} with its dense truth, as channel indices. */
  static TrainingSample denseSample(SyntheticSlide slide, int d) {
    int w = (int) ((slide.spec().width() + d - 1) / d);
    int h = (int) ((slide.spec().height() + d - 1) / d);
    RgbRaster image = slide.renderAtDownsample(d, 0, 0, w, h);
    LabelRaster truth = slide.labels(d, 0, 0, w, h);
    LabelRaster channels = LabelRaster.create(w, h);
    byte[] src = truth.data();
    byte[] dst = channels.data();
    for (int i = 0; i < src.length; i++) {
      dst[i] = (byte) ((src[i] & 0xff) - 1);
    }
    return TrainingSample.of("dense:" + slide.spec().seed(), image,
        LabelSetRaster.fromLabels(channels, SyntheticClasses.CLASSES.size()), channels);
  }
}
