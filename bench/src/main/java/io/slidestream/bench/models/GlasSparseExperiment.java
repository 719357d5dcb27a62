package io.slidestream.bench.models;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import io.slidestream.models.data.ImageMaskDataset;
import io.slidestream.models.data.ImageMaskDirectory;
import io.slidestream.models.data.ImageMaskPair;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.SparseAnnotationSimulator;
import io.slidestream.models.training.SmilerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bokhorst's comparison on GlaS: the training images with sparse annotations simulated from their
 * dense masks ({@link SparseAnnotationSimulator}), trained with no, instance and mini-batch
 * balancing, against the same images with their dense masks; all scored on the dense masks of the
 * validation images.
 */
final class GlasSparseExperiment {

  static final String NAME = "glas";

  private GlasSparseExperiment() {}

  /** Sparse labels as kept by the simulation, measured on the training images. */
  record KeptFraction(double overall, double[] perClass) {}

  static List<BenchRun> run(TrainingBenchmark.Options o, BenchTraining training, PrintWriter out, PrintWriter log)
      throws IOException {
    LabelingProtocol protocol = LabelingProtocolConfig.load(o.glasProtocol());
    List<ImageMaskPair> pairs = ImageMaskDirectory.scan(o.glasImages(), o.glasMasks());
    if (o.glasImageLimit() > 0 && o.glasImageLimit() < pairs.size()) {
      pairs = pairs.subList(0, o.glasImageLimit());
    }
    SparseAnnotationSimulator simulator = new SparseAnnotationSimulator(
        SparseAnnotationSimulator.Options.defaults().withKeepFraction(o.sparseKeepFraction()), o.seed());
    ImageMaskDataset sparse = ImageMaskDataset.load(pairs, protocol, o.validationFraction(), o.seed(), simulator);
    ImageMaskDataset dense = ImageMaskDataset.load(pairs, protocol, o.validationFraction(), o.seed(), null);
    KeptFraction kept = keptFraction(sparse.trainSource(), dense.trainSource(), protocol.classCount());

    out.printf(Locale.ROOT, "%n## GlaS: sparse annotations and loss balancing (Bokhorst)%n%n");
    out.printf(Locale.ROOT, "data: %s, %d images split by seed %d into %d training and %d validation images%n",
        o.glasImages().getParent(), pairs.size(), o.seed(), sparse.split().train().size(),
        sparse.split().validation().size());
    out.printf(Locale.ROOT, "validation images: %s%n",
        String.join(" ", sparse.split().validation().stream().map(ImageMaskPair::id).toList()));
    out.printf(Locale.ROOT, "sparse annotations: %s%n", simulator);
    StringBuilder perClass = new StringBuilder();
    for (int k = 0; k < protocol.classCount(); k++) {
      perClass.append(k == 0 ? "" : ", ").append(protocol.classes().get(k).name())
          .append(String.format(Locale.ROOT, " %.1f%%", 100 * kept.perClass()[k]));
    }
    out.printf(Locale.ROOT, "sparse annotations keep %.1f%% of the training pixels (of each class's pixels: %s)%n",
        100 * kept.overall(), perClass);
    out.printf(Locale.ROOT, "budget, the same for every run: %s, augmentation \"%s\", seed %d%n", o.glas(),
        BenchTraining.AUGMENTATION, o.seed());
    out.flush();

    List<BenchRun> runs = new ArrayList<>();
    for (String balancing : List.of("none", "instance", "minibatch")) {
      runs.add(training.train(new BenchTraining.Spec(NAME, "sparse-" + balancing, "sparse", "partial-ce", balancing,
          SmilerConfig.OFF), o.glas(), sparse.trainSource(), sparse.validationSource(), protocol.classes(),
          protocol.backgroundClass(), o.glasMicronsPerPixel()));
    }
    runs.add(training.train(new BenchTraining.Spec(NAME, "dense-none", "dense", "partial-ce", "none",
        SmilerConfig.OFF), o.glas(), dense.trainSource(), dense.validationSource(), protocol.classes(),
        protocol.backgroundClass(), o.glasMicronsPerPixel()));
    out.printf(Locale.ROOT, "%nDense validation Dice after the last iteration:%n%n%s", DiceTable.of(runs));
    out.flush();
    return runs;
  }

  /** Annotated share of all training pixels, and per class the share of its dense pixels kept. */
  static KeptFraction keptFraction(InMemoryPatchSource sparse, InMemoryPatchSource dense, int classes) {
    long pixels = 0;
    long annotated = 0;
    long[] keptPerClass = new long[classes];
    long[] densePerClass = new long[classes];
    for (int r = 0; r < sparse.regionCount(); r++) {
      LabelSetRaster s = sparse.labels(r);
      LabelSetRaster d = dense.labels(r);
      long universe = s.universe();
      long[] sd = s.data();
      long[] dd = d.data();
      pixels += sd.length;
      for (int i = 0; i < sd.length; i++) {
        if (sd[i] != universe) {
          annotated++;
        }
        int k = Long.numberOfTrailingZeros(dd[i]);
        if (Long.bitCount(dd[i]) == 1) {
          densePerClass[k]++;
          if (sd[i] == dd[i]) {
            keptPerClass[k]++;
          }
        }
      }
    }
    double[] perClass = new double[classes];
    for (int k = 0; k < classes; k++) {
      perClass[k] = densePerClass[k] == 0 ? Double.NaN : (double) keptPerClass[k] / densePerClass[k];
    }
    return new KeptFraction((double) annotated / pixels, perClass);
  }
}
