package io.slidestream.models.losses;

import io.slidestream.models.unet.Head;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * K independent binary problems with ambiguity weights, {@code binary-ambiguity} (Petit's SMILE,
 * Martin's PBCE and MBCE): one sigmoid head per class, {@code ℓ = Σ_k w_k · BCE(p_k, y_k)}.
 *
 * <p>Which pixels a head learns from (w_k = 1) is the {@link Variant}; it is decided when the labels
 * are written, as a ternary label per head: {@code 1} positive, {@code 0} negative, {@code -1}
 * ignored (w_k = 0). DL4J's mask has one weight per pixel, so the per-head ambiguity has to live in
 * the labels. The pixel weight (mask) multiplies the sum over heads.
 *
 * <p>BCE is computed from the logits as {@code softplus(z) - t·z} with
 * {@code softplus(z) = max(z, 0) + log1p(exp(-|z|))}, finite for any logit; the gradient with
 * respect to z is {@code w_k · (σ(z) - t)}. Targets between 0 and 1 are taken as soft targets.
 */
public final class BinaryAmbiguityLoss extends AbstractPartialLabelLoss {

  public static final String NAME = "binary-ambiguity";

  private static final long serialVersionUID = 1L;

  /** Which pixels each head k learns from; S is the pixel's admissible set. */
  public enum Variant {
    /**
     * Petit's SMILE: positive where S = {k}, negative where k ∉ S, ignored where k ∈ S and |S| > 1.
     * A background-or-missing pixel {background, k, …} is thus a negative for every annotated class
     * and ignored by the heads of the classes it might be.
     */
    SMILE,
    /**
     * Martin's PBCE (Eq. 2), positives only: positive where S = {k}; every other pixel is ignored
     * by head k, negatives are never used.
     */
    PBCE,
    /**
     * Martin's MBCE (Eq. 3–5), fused class masks: a pixel whose set is a single class {j} is used by
     * every head, positive for j and negative for the others; a pixel with |S| > 1 is ignored by
     * every head, even where it rules k out (which SMILE would use). Bounding-box negatives come in
     * through the labeling protocol: outside a non-expert box a pixel's set is {background}, a
     * single class, so it is a negative for every other head.
     */
    MBCE;

    /** The variant's name in configuration. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The variant called {@code name} (case-insensitive). */
    public static Variant named(String name) {
      for (Variant v : values()) {
        if (v.configName().equalsIgnoreCase(name.trim())) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown " + NAME + " variant '" + name + "'; expected smile, pbce or mbce");
    }
  }

  @JsonProperty("variant")
  private final Variant variant;

  /** The SMILE variant. */
  public BinaryAmbiguityLoss() {
    this(Variant.SMILE);
  }

  @JsonCreator
  public BinaryAmbiguityLoss(@JsonProperty("variant") Variant variant) {
    this.variant = variant == null ? Variant.SMILE : variant;
  }

  public Variant variant() {
    return variant;
  }

  @Override
  public Head head() {
    return Head.SIGMOID;
  }

  @Override
  public void encode(long[] sets, long universe, int classCount, float[] out, int offset) {
    int n = sets.length;
    for (int k = 0; k < classCount; k++) {
      long bit = 1L << k;
      int base = offset + k * n;
      switch (variant) {
        case SMILE -> {
          for (int p = 0; p < n; p++) {
            long s = sets[p];
            out[base + p] = s == bit ? 1f : (s & bit) == 0 ? 0f : -1f;
          }
        }
        case PBCE -> {
          for (int p = 0; p < n; p++) {
            out[base + p] = sets[p] == bit ? 1f : -1f;
          }
        }
        case MBCE -> {
          for (int p = 0; p < n; p++) {
            long s = sets[p];
            out[base + p] = (s & (s - 1)) != 0 ? -1f : s == bit ? 1f : 0f;
          }
        }
        default -> throw new IllegalStateException("unhandled variant " + variant);
      }
    }
  }

  @Override
  public boolean carriesLabel(long set, long universe) {
    if (set == universe) {
      return false;
    }
    return variant == Variant.SMILE || (set & (set - 1)) == 0;
  }

  @Override
  protected Pair<INDArray, INDArray> compute(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask,
      boolean wantScore, boolean wantGradient) {
    LossArguments.checkHead(Head.SIGMOID, fn, name());
    INDArray z = LossArguments.logits(preOutput);
    INDArray y = LossArguments.labels(labels, z);
    INDArray rowWeights = LossArguments.rowWeights(mask, z);

    // w_k: 1 where the head learns from the pixel, 0 where the label says ignore (-1).
    INDArray w = y.gte(0.0).castTo(z.dataType());
    if (rowWeights != null) {
      w.muliColumnVector(rowWeights);
    }
    INDArray target = Transforms.relu(y, true);

    INDArray score = null;
    if (wantScore) {
      INDArray softplus = Transforms.log1p(Transforms.exp(Transforms.abs(z, true).negi(), false), false)
          .addi(Transforms.relu(z, true));
      score = softplus.subi(target.mul(z)).muli(w).sum(true, 1);
    }
    INDArray gradient = null;
    if (wantGradient) {
      gradient = LossArguments.positiveZeros(Transforms.sigmoid(z, true).subi(target).muli(w));
    }
    return new Pair<>(score, gradient);
  }

  /** {@value #NAME} and the variant, as {@link Losses#named} reads it: {@code binary-ambiguity:pbce}. */
  @Override
  public String name() {
    return NAME + ":" + variant.configName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryAmbiguityLoss b && b.variant == variant;
  }

  @Override
  public int hashCode() {
    return Objects.hash(NAME, variant);
  }

  @Override
  public String toString() {
    return "BinaryAmbiguityLoss(" + variant.configName() + ")";
  }
}
