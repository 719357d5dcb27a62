package io.slidestream.bench.models;

import io.slidestream.images.LabelClass;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.training.SmilerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The partial-label comparisons on synthetic tissue with six classes ({@link SyntheticTissue}),
 * dense training labels made heterogeneous as methods §1 writes each situation
 * ({@link LabelHeterogeneity}), every run scored on the dense truth of the same validation images:
 * <ul>
 *   <li><b>super labels</b> (Kemnitz): half the training images, chosen by the seed, have Tumor and
 *       Carcinoma in situ merged into the super label {Tumor, CIS}; {@code partial-ce} (Kemnitz's
 *       SLAC, −log(q_Tumor + q_CIS) on merged pixels) against {@code naive-mask} (merged pixels
 *       ignored);</li>
 *   <li><b>missing annotations</b> (Petit): in each training image each class but glass (the
 *       background) is left unannotated with probability α; plain cross entropy on the image with
 *       everything unannotated taken as glass, against {@code binary-ambiguity} (SMILE) on the
 *       sets {glass} ∪ missing, and SMILE with SMILEr rounds;</li>
 *   <li>a <b>full labels</b> run ({@code partial-ce} on the dense labels): what both would reach
 *       with complete annotations, the upper bound of both tables.</li>
 * </ul>
 * Every run: the same budget and seed, mini-batch balancing.
 */
final class HeterogeneousLabelExperiment {

  static final String SUPER_LABEL = "super-label";
  static final String MISSING = "missing";
  static final String BALANCING = "minibatch";

  /** The synthetic slides' level-0 resolution. */
  private static final double LEVEL0_MICRONS = 0.5;

  private HeterogeneousLabelExperiment() {}

  /** Training and validation images with dense labels. */
  record Data(List<TrainingSample> train, List<TrainingSample> validation, double micronsPerPixel) {}

  static Data data(TrainingBenchmark.Options o) {
    long base = o.seed() * 1000;
    List<TrainingSample> train = SyntheticTissue.images(base, o.syntheticTrainImages(), o.syntheticImageSize(),
        o.syntheticDownsample());
    List<TrainingSample> validation = SyntheticTissue.images(base + 500, o.syntheticValidationImages(),
        o.syntheticImageSize(), o.syntheticDownsample());
    return new Data(train, validation, LEVEL0_MICRONS * o.syntheticDownsample());
  }

  static void describe(TrainingBenchmark.Options o, Data d, PrintWriter out) {
    out.printf(Locale.ROOT, "synthetic tissue: %d training and %d validation images of %d x %d px at %.1f µm/px"
            + " (slides seeded %d.. and %d..), classes %s; background: %s%n", d.train().size(), d.validation().size(),
        o.syntheticImageSize(), o.syntheticImageSize(), d.micronsPerPixel(), o.seed() * 1000, o.seed() * 1000 + 500,
        SyntheticTissue.CLASSES.stream().map(LabelClass::name).toList(),
        SyntheticTissue.CLASSES.get(SyntheticTissue.GLASS).name());
    out.printf(Locale.ROOT, "class shares of the training pixels: %s%n", shares(d.train()));
    out.printf(Locale.ROOT, "budget, the same for every run: %s, augmentation \"%s\", balancing %s, seed %d%n",
        o.synthetic(), BenchTraining.AUGMENTATION, BALANCING, o.seed());
  }

  static BenchRun fullLabels(TrainingBenchmark.Options o, Data d, BenchTraining training) throws IOException {
    return training.train(new BenchTraining.Spec("synthetic", "full-labels", "all dense", "partial-ce", BALANCING,
        SmilerConfig.OFF), o.synthetic(), InMemoryPatchSource.of(d.train()), InMemoryPatchSource.of(d.validation()),
        SyntheticTissue.CLASSES, SyntheticTissue.GLASS, d.micronsPerPixel());
  }

  /** The images whose Tumor and CIS are merged: half of them, chosen by the seed. */
  static List<Integer> mergedImages(int count, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> merged = new ArrayList<>(order.subList(0, count / 2));
    Collections.sort(merged);
    return merged;
  }

  static List<BenchRun> superLabel(TrainingBenchmark.Options o, Data d, BenchTraining training, BenchRun full,
      PrintWriter out) throws IOException {
    long merged = 1L << SyntheticTissue.TUMOR | 1L << SyntheticTissue.CARCINOMA_IN_SITU;
    List<Integer> which = mergedImages(d.train().size(), o.seed());
    List<TrainingSample> train = new ArrayList<>();
    for (int i = 0; i < d.train().size(); i++) {
      TrainingSample s = d.train().get(i);
      train.add(which.contains(i) ? LabelHeterogeneity.merge(s, merged) : s);
    }
    out.printf(Locale.ROOT, "%n## Super labels on synthetic tissue (Kemnitz)%n%n");
    out.printf(Locale.ROOT, "training images %s (of 0..%d) have Tumor and Carcinoma in situ merged into the super"
        + " label {Tumor, Carcinoma in situ}%n", which, d.train().size() - 1);
    out.flush();
    InMemoryPatchSource source = InMemoryPatchSource.of(train);
    InMemoryPatchSource validation = InMemoryPatchSource.of(d.validation());
    List<BenchRun> runs = new ArrayList<>();
    runs.add(full);
    for (String loss : List.of("partial-ce", "naive-mask")) {
      runs.add(training.train(new BenchTraining.Spec(SUPER_LABEL, loss, "half merged", loss, BALANCING,
          SmilerConfig.OFF), o.synthetic(), source, validation, SyntheticTissue.CLASSES, SyntheticTissue.GLASS,
          d.micronsPerPixel()));
    }
    out.printf(Locale.ROOT, "%nDense validation Dice after the last iteration:%n%n%s", DiceTable.of(runs));
    out.flush();
    return runs;
  }

  static List<BenchRun> missing(TrainingBenchmark.Options o, Data d, BenchTraining training, BenchRun full,
      PrintWriter out) throws IOException {
    int background = SyntheticTissue.GLASS;
    long candidates = ((1L << SyntheticTissue.CLASSES.size()) - 1) & ~(1L << background);
    List<TrainingSample> ambiguous = new ArrayList<>();
    List<TrainingSample> asBackground = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    int removedCount = 0;
    long affected = 0;
    long tissue = 0;
    for (int i = 0; i < d.train().size(); i++) {
      TrainingSample s = d.train().get(i);
      long missing = LabelHeterogeneity.drawMissing(candidates, o.alpha(), o.seed(), i);
      removedCount += Long.bitCount(missing);
      removed.add(i + ":" + names(missing));
      ambiguous.add(LabelHeterogeneity.withoutClasses(s, missing, background));
      asBackground.add(LabelHeterogeneity.missingAsBackground(s, missing, background));
      for (long set : s.labels().data()) {
        if ((set & candidates) != 0) {
          tissue++;
          if ((set & missing) != 0) {
            affected++;
          }
        }
      }
    }
    out.printf(Locale.ROOT, "%n## Missing annotations on synthetic tissue (Petit), alpha = %.2f%n%n", o.alpha());
    out.printf(Locale.ROOT, "removed %d of %d class annotations (%d images x %d classes but %s), %.1f%% of the tissue"
            + " pixels: %s%n", removedCount, d.train().size() * Long.bitCount(candidates), d.train().size(),
        Long.bitCount(candidates), SyntheticTissue.CLASSES.get(background).name(), 100.0 * affected / tissue,
        String.join(" ", removed));
    out.flush();
    InMemoryPatchSource validation = InMemoryPatchSource.of(d.validation());
    SmilerConfig smiler = new SmilerConfig(o.smilerRounds(), SmilerConfig.OFF.gammaMax(),
        SmilerConfig.OFF.threshold());
    List<BenchRun> runs = new ArrayList<>();
    runs.add(full);
    runs.add(training.train(new BenchTraining.Spec(MISSING, "cross-entropy", "missing = background", "partial-ce",
        BALANCING, SmilerConfig.OFF), o.synthetic(), InMemoryPatchSource.of(asBackground), validation,
        SyntheticTissue.CLASSES, background, d.micronsPerPixel()));
    InMemoryPatchSource source = InMemoryPatchSource.of(ambiguous);
    runs.add(training.train(new BenchTraining.Spec(MISSING, "smile", "background-or-missing",
        "binary-ambiguity:smile", BALANCING, SmilerConfig.OFF), o.synthetic(), source, validation,
        SyntheticTissue.CLASSES, background, d.micronsPerPixel()));
    runs.add(training.train(new BenchTraining.Spec(MISSING, "smiler", "background-or-missing",
        "binary-ambiguity:smile", BALANCING, smiler), o.synthetic(), source,
        validation, SyntheticTissue.CLASSES, background, d.micronsPerPixel()));
    out.printf(Locale.ROOT, "%nDense validation Dice after the last iteration (sigmoid heads: the most probable"
        + " class above 0.5, else %s):%n%n%s", SyntheticTissue.CLASSES.get(background).name(), DiceTable.of(runs));
    out.printf(Locale.ROOT, "SMILEr relabelled %d pixels in all over %d rounds (gamma-max %.2f, threshold %.2f)%n",
        runs.get(3).relabelled(), smiler.rounds(), smiler.gammaMax(), smiler.threshold());
    out.flush();
    return runs;
  }

  private static String names(long set) {
    List<String> n = new ArrayList<>();
    for (LabelClass c : SyntheticTissue.CLASSES) {
      if ((set >> c.id() & 1) != 0) {
        n.add(c.name().replace(' ', '_'));
      }
    }
    return n.isEmpty() ? "none" : String.join("+", n);
  }

  /** Share of pixels of each class over the images, for the description. */
  private static String shares(List<TrainingSample> images) {
    long[] count = new long[SyntheticTissue.CLASSES.size()];
    long total = 0;
    for (TrainingSample s : images) {
      for (long set : s.labels().data()) {
        count[Long.numberOfTrailingZeros(set)]++;
        total++;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (LabelClass c : SyntheticTissue.CLASSES) {
      sb.append(sb.length() == 0 ? "" : ", ").append(c.name())
          .append(String.format(Locale.ROOT, " %.1f%%", 100.0 * count[c.id()] / total));
    }
    return sb.toString();
  }
}
