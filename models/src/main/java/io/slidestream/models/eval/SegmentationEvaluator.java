package io.slidestream.models.eval;

import io.slidestream.images.LabelRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accumulates an evaluation over any number of tiles: a confusion matrix for Dice and, for the
 * classes chosen as binary tasks, a precision–recall histogram each. Feed it label tiles, or the
 * network's per-class probabilities directly; then {@link #report}. Not thread-safe: one per
 * thread, then {@link #merge}.
 */
public final class SegmentationEvaluator {

  private final List<String> classNames;
  private final ConfusionMatrix matrix;
  private final Map<Integer, PrecisionRecallHistogram> binary = new LinkedHashMap<>();
  private final int ignore;
  private final int bins;

  private SegmentationEvaluator(Builder b) {
    this.classNames = List.copyOf(b.classNames);
    this.ignore = b.ignore;
    this.bins = b.bins;
    this.matrix = ConfusionMatrix.of(classNames.size(), ignore < 0 ? OptionalInt.empty() : OptionalInt.of(ignore));
    for (int k : b.binaryClasses) {
      if (k < 0 || k >= classNames.size()) {
        throw new IllegalArgumentException("binary task class " + k + " is not one of the " + classNames.size()
            + " classes");
      }
      binary.put(k, PrecisionRecallHistogram.forClass(k, ignore, bins));
    }
  }

  /** An evaluator for classes {@code 0..C-1} with these names. */
  public static Builder builder(List<String> classNames) {
    return new Builder(classNames);
  }

  /** Configures an evaluator. */
  public static final class Builder {
    private final List<String> classNames;
    private int ignore = -1;
    private int[] binaryClasses = new int[0];
    private int bins = PrecisionRecallHistogram.DEFAULT_BINS;

    private Builder(List<String> classNames) {
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException("an evaluation needs at least one class");
      }
      this.classNames = List.copyOf(classNames);
    }

    /** Reference pixels with this value are not evaluated (e.g. 255, unannotated). */
    public Builder ignoreValue(int value) {
      this.ignore = value;
      return this;
    }

    /** Classes to score as binary tasks against the rest (PR-AUC, max F1); needs probabilities. */
    public Builder binaryClasses(int... classes) {
      this.binaryClasses = classes.clone();
      return this;
    }

    /** Score bins of the precision–recall histograms (default 2¹⁶). */
    public Builder bins(int bins) {
      this.bins = bins;
      return this;
    }

    public SegmentationEvaluator build() {
      return new SegmentationEvaluator(this);
    }
  }

  public int classCount() {
    return classNames.size();
  }

  /** Adds a predicted label tile (Dice only: labels carry no scores). */
  public void add(LabelRaster prediction, LabelRaster reference) {
    matrix.add(prediction, reference);
  }

  /**
   * Adds a batch of network outputs, {@code [B, C, H, W]} per-class probabilities (softmax): the
   * predicted label is the arg-max over classes (the lowest class on ties), and each binary task
   * scores its class's channel. {@code references} holds the B dense reference tiles of H × W.
   */
  public void addProbabilities(INDArray probabilities, List<LabelRaster> references) {
    add(probabilities, references, -1);
  }

  /**
   * Adds a batch of sigmoid-head outputs, {@code [B, C, H, W]} independent per-class
   * probabilities: the predicted label is the arg-max over classes where that probability is above
   * 0.5, and {@code backgroundClass} where it is not (K binary classifiers may all say no; the same
   * rule the inference decoder applies to a sigmoid model). Binary tasks score their channel.
   */
  public void addSigmoidProbabilities(INDArray probabilities, List<LabelRaster> references, int backgroundClass) {
    if (backgroundClass < 0 || backgroundClass >= classNames.size()) {
      throw new IllegalArgumentException("background class " + backgroundClass + " is not one of the "
          + classNames.size() + " classes");
    }
    add(probabilities, references, backgroundClass);
  }

  /** {@code background} < 0: softmax arg-max; else the sigmoid rule with that background. */
  private void add(INDArray probabilities, List<LabelRaster> references, int background) {
    long[] shape = probabilities.shape();
    if (shape.length != 4 || shape[1] != classNames.size() || shape[0] != references.size()) {
      throw new IllegalArgumentException("expected probabilities [" + references.size() + ", " + classNames.size()
          + ", H, W], got " + Arrays.toString(shape));
    }
    int c = (int) shape[1];
    int h = (int) shape[2];
    int w = (int) shape[3];
    float[] p = probabilities.castTo(DataType.FLOAT).dup('c').data().asFloat();
    // Check everything before counting anything: a diverged network must not half-count a batch.
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new IllegalArgumentException("probability " + p[i] + " at flat index " + i + " of "
            + Arrays.toString(shape) + " is not in [0, 1]");
      }
    }
    int plane = h * w;
    for (int b = 0; b < references.size(); b++) {
      LabelRaster ref = references.get(b);
      if (ref.width() != w || ref.height() != h) {
        throw new IllegalArgumentException("reference " + b + " is " + ref.width() + "x" + ref.height()
            + " but the probabilities are " + w + "x" + h);
      }
      int base = b * c * plane;
      byte[] labels = background < 0 ? argmax(p, base, c, plane) : sigmoidLabels(p, base, c, plane, background);
      matrix.add(labels, ref.data());
      for (Map.Entry<Integer, PrecisionRecallHistogram> e : binary.entrySet()) {
        e.getValue().add(p, base + e.getKey() * plane, ref);
      }
    }
  }

  /** Arg-max, then {@code background} wherever the winning probability is not above 0.5. */
  static byte[] sigmoidLabels(float[] p, int base, int channels, int plane, int background) {
    byte[] out = argmax(p, base, channels, plane);
    for (int i = 0; i < plane; i++) {
      if (!(p[base + (out[i] & 0xff) * plane + i] > 0.5f)) {
        out[i] = (byte) background;
      }
    }
    return out;
  }

  /** Arg-max over {@code channels} planes of {@code plane} values starting at {@code base}. */
  static byte[] argmax(float[] p, int base, int channels, int plane) {
    byte[] out = new byte[plane];
    float[] best = new float[plane];
    System.arraycopy(p, base, best, 0, plane);
    for (int k = 1; k < channels; k++) {
      int off = base + k * plane;
      byte label = (byte) k;
      for (int i = 0; i < plane; i++) {
        float v = p[off + i];
        if (v > best[i]) {
          best[i] = v;
          out[i] = label;
        }
      }
    }
    return out;
  }

  /** Adds one class's scores for a tile, for a binary task chosen at build time. */
  public void addScores(int positiveClass, float[] scores, LabelRaster reference) {
    PrecisionRecallHistogram h = binary.get(positiveClass);
    if (h == null) {
      throw new IllegalArgumentException("class " + positiveClass + " is not a binary task of this evaluator; tasks: "
          + binary.keySet());
    }
    h.add(scores, reference);
  }

  public void merge(SegmentationEvaluator other) {
    if (!other.classNames.equals(classNames) || !other.binary.keySet().equals(binary.keySet())) {
      throw new IllegalArgumentException("cannot merge evaluators of different classes or binary tasks");
    }
    matrix.merge(other.matrix);
    for (Map.Entry<Integer, PrecisionRecallHistogram> e : binary.entrySet()) {
      e.getValue().merge(other.binary.get(e.getKey()));
    }
  }

  /** The counts behind the Dice scores. */
  public ConfusionMatrix confusionMatrix() {
    return matrix;
  }

  public EvaluationReport report(String title) {
    List<BinaryScores> scores = new ArrayList<>();
    for (Map.Entry<Integer, PrecisionRecallHistogram> e : binary.entrySet()) {
      scores.add(e.getValue().scores(classNames.get(e.getKey())));
    }
    return new EvaluationReport(title, matrix.diceScores(classNames), scores);
  }
}
