package io.slidestream.models.augment;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.random.SplitMix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A parsed augmentation pipeline (grammar and semantics in {@link io.slidestream.models.augment}):
 * {@code AugmentationPipeline.parse("flip, rot90, elastic(alpha=30, sigma=6, p=0.5), gamma(0.8..1.25)")}
 * then {@link #apply(RgbRaster, LabelSetRaster, long)} per sample with that sample's seed.
 * Immutable and thread-safe: samples can be augmented in parallel.
 */
public final class AugmentationPipeline {

  /** The parameter every op has: the probability that it acts on a sample. */
  public static final String PROBABILITY = "p";

  /** One step as written: op name, resolved arguments, probability, and the configured step. */
  public record Step(String op, Arguments arguments, double probability, AugmentStep step) {
    /** The canonical text of this step. */
    @Override
    public String toString() {
      String args = arguments.toString();
      String p = probability == 1 ? "" : (args.isEmpty() ? "" : ", ") + PROBABILITY + "=" + Range.number(probability);
      return op + (args.isEmpty() && p.isEmpty() ? "" : "(" + args + p + ")");
    }
  }

  private final List<Step> steps;

  private AugmentationPipeline(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The pipeline that changes nothing. */
  public static AugmentationPipeline identity() {
    return new AugmentationPipeline(List.of());
  }

  /** Parses pipeline text with the installed ops. */
  public static AugmentationPipeline parse(String text) {
    return parse(text, AugmentOps.installed());
  }

  /**
   * Parses pipeline text with the given ops.
   *
   * @throws AugmentationConfigException for bad syntax, an unknown op or parameter, or a bad value
   */
  public static AugmentationPipeline parse(String text, AugmentOps ops) {
    Objects.requireNonNull(text, "text");
    List<Step> steps = new ArrayList<>();
    for (AugmentationSyntax.Call call : AugmentationSyntax.parse(text)) {
      steps.add(resolve(text, call, ops));
    }
    return new AugmentationPipeline(steps);
  }

  private static Step resolve(String text, AugmentationSyntax.Call call, AugmentOps ops) {
    AugmentOp op = ops.get(call.name());
    if (op == null) {
      throw new AugmentationConfigException(text, call.column(), "unknown op '" + call.name() + "'; known ops: "
          + String.join(", ", ops.names()));
    }
    List<Parameter> params = new ArrayList<>(op.parameters());
    params.add(Parameter.probability(PROBABILITY, 1, "probability that the op acts on a sample"));
    Map<String, Range> given = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < call.args().size(); i++) {
      AugmentationSyntax.Arg a = call.args().get(i);
      Parameter p;
      if (a.key() == null) {
        if (i != 0 || op.parameters().isEmpty()) {
          throw new AugmentationConfigException(text, a.column(), op.parameters().isEmpty()
              ? "'" + op.name() + "' takes no value without a name; its parameters: " + names(params)
              : "only the first argument may omit its name (it is '" + op.parameters().get(0).name()
                  + "'); name this one: " + names(params));
        }
        p = op.parameters().get(0);
      } else {
        p = params.stream().filter(q -> q.name().equals(a.key())).findFirst().orElse(null);
        if (p == null) {
          throw new AugmentationConfigException(text, a.column(), "'" + op.name() + "' has no parameter '" + a.key()
              + "'; its parameters: " + names(params));
        }
      }
      if (!seen.add(p.name())) {
        throw new AugmentationConfigException(text, a.column(), "parameter '" + p.name() + "' of '" + op.name()
            + "' is given twice");
      }
      given.put(p.name(), range(text, op, p, a));
    }
    Map<String, Range> ranges = new LinkedHashMap<>();
    for (Parameter p : op.parameters()) {
      ranges.put(p.name(), given.getOrDefault(p.name(), p.defaultRange()));
    }
    double probability = given.getOrDefault(PROBABILITY, new Range(1, 1)).lo();
    AugmentStep step;
    try {
      step = op.create(new Arguments(ranges));
    } catch (IllegalArgumentException e) {
      throw new AugmentationConfigException(text, call.column(), "'" + op.name() + "': " + e.getMessage());
    }
    return new Step(op.name(), new Arguments(ranges), probability, step);
  }

  private static Range range(String text, AugmentOp op, Parameter p, AugmentationSyntax.Arg a) {
    String what = "'" + op.name() + "' parameter '" + p.name() + "' (" + p.doc() + ")";
    if (a.isRange() && PROBABILITY.equals(p.name())) {
      throw new AugmentationConfigException(text, a.valueColumn(), what + " takes a single value, not a range");
    }
    if (a.isRange() && a.lo() > a.hi()) {
      throw new AugmentationConfigException(text, a.valueColumn(), what + ": the range " + Range.number(a.lo())
          + ".." + Range.number(a.hi()) + " is empty; write the smaller bound first");
    }
    Range r = a.isRange() ? new Range(a.lo(), a.hi()) : p.single(a.lo());
    if (r.lo() < p.min() || r.hi() > p.max()) {
      throw new AugmentationConfigException(text, a.valueColumn(), what + " must lie in " + Range.number(p.min())
          + ".." + Range.number(p.max()) + ", got " + r);
    }
    if (p.integer() && (r.lo() != Math.rint(r.lo()) || r.hi() != Math.rint(r.hi()))) {
      throw new AugmentationConfigException(text, a.valueColumn(), what + " takes integers, got " + r);
    }
    return r;
  }

  private static String names(List<Parameter> params) {
    StringBuilder sb = new StringBuilder();
    for (Parameter p : params) {
      sb.append(sb.length() == 0 ? "" : ", ").append(p.name());
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  public List<Step> steps() {
    return steps;
  }

  public boolean isIdentity() {
    return steps.isEmpty();
  }

  /**
   * A per-sample seed from a run seed and the sample's index: different indices give independent
   * streams (SplitMix64 mixing), so the n-th sample of a run is augmented the same way however many
   * threads produce samples and in whatever order.
   */
  public static long sampleSeed(long runSeed, long sampleIndex) {
    return SplitMix.seed(runSeed, sampleIndex);
  }


  /** Augments an image and its label sets. */
  public Augmented apply(RgbRaster image, LabelSetRaster labels, long seed) {
    return run(image, labels, null, 0, seed);
  }

  /**
   * Augments an image, its label sets and a dense reference (moved like the labels; pixels that
   * come from outside get {@code referenceFill}, e.g. the ignore value of evaluation).
   */
  public Augmented apply(RgbRaster image, LabelSetRaster labels, LabelRaster reference, int referenceFill,
      long seed) {
    Objects.requireNonNull(reference, "reference");
    if (referenceFill < 0 || referenceFill > 255) {
      throw new IllegalArgumentException("reference fill must be a label 0..255, got " + referenceFill);
    }
    return run(image, labels, reference, referenceFill, seed);
  }

  private Augmented run(RgbRaster image, LabelSetRaster labels, LabelRaster reference, int fill, long seed) {
    int w = image.width();
    int h = image.height();
    if (labels.width() != w || labels.height() != h) {
      throw new IllegalArgumentException("image is " + w + "x" + h + " but labels are " + labels.width() + "x"
          + labels.height());
    }
    if (reference != null && (reference.width() != w || reference.height() != h)) {
      throw new IllegalArgumentException("image is " + w + "x" + h + " but the reference is " + reference.width()
          + "x" + reference.height());
    }
    Moving moving = new Moving(image, labels, reference, fill);
    walk(seed, w, h, moving::resample, moving::photometric);
    return new Augmented(moving.image, moving.labels, Optional.ofNullable(moving.reference));
  }

  /** What {@link #run} moves through the chain; the image is copied before the first change to it. */
  private static final class Moving {
    RgbRaster image;
    boolean imageOwned;
    LabelSetRaster labels;
    LabelRaster reference;
    final int fill;

    Moving(RgbRaster image, LabelSetRaster labels, LabelRaster reference, int fill) {
      this.image = image;
      this.labels = labels;
      this.reference = reference;
      this.fill = fill;
    }

    void resample(float[][] points) {
      image = WarpSampler.image(image, points[0], points[1]);
      imageOwned = true;
      labels = WarpSampler.labels(labels, points[0], points[1]);
      if (reference != null) {
        reference = WarpSampler.reference(reference, points[0], points[1], fill);
      }
    }

    void photometric(PhotometricStep step, SplittableRandom rng) {
      if (!imageOwned) {
        image = image.crop(0, 0, image.width(), image.height());
        imageOwned = true;
      }
      step.apply(rng, image);
    }
  }

  /**
   * The chain as every caller must see it, so that image, labels and extra planes move alike:
   * step i draws from its own generator (seeded by the run seed and i); consecutive geometric
   * steps compose into one resampling ({@code resample} gets the source points), done before the
   * next photometric step and at the end.
   */
  private void walk(long seed, int w, int h, java.util.function.Consumer<float[][]> resample,
      java.util.function.BiConsumer<PhotometricStep, SplittableRandom> photometric) {
    Warp[] warps = new Warp[steps.size()];
    int pending = 0;
    for (int i = 0; i <= steps.size(); i++) {
      Step s = i < steps.size() ? steps.get(i) : null;
      if (s != null && s.step() instanceof GeometricStep g) {
        SplittableRandom rng = new SplittableRandom(SplitMix.seed(seed, i));
        if (acts(s, rng)) {
          Warp warp = g.draw(rng, w, h);
          if (warp != null) {
            warps[pending++] = warp;
          }
        }
        continue;
      }
      if (pending > 0) {
        resample.accept(WarpSampler.sourcePoints(warps, pending, w, h));
        pending = 0;
      }
      if (s != null) {
        SplittableRandom rng = new SplittableRandom(SplitMix.seed(seed, i));
        if (acts(s, rng)) {
          photometric.accept((PhotometricStep) s.step(), rng);
        }
      }
    }
  }

  /**
   * Float planes ({@code count} planes of {@code width × height}, planar) moved exactly as
   * {@link #apply} with the same seed moves the image of that size: the same geometric draws,
   * resampled bilinearly with reflection at the same points of the chain. Photometric steps do not
   * touch them. Returns the input array itself when nothing moves.
   */
  public float[] warpPlanes(float[] planes, int count, int width, int height, long seed) {
    if (count < 1 || (long) count * width * height != planes.length) {
      throw new IllegalArgumentException(count + " planes of " + width + "x" + height + " need "
          + (long) count * width * height + " floats, got " + planes.length);
    }
    float[][] out = {planes};
    walk(seed, width, height, points -> out[0] = WarpSampler.planes(out[0], count, width, height, points[0], points[1]),
        (step, rng) -> { });
    return out[0];
  }

  private static boolean acts(Step s, SplittableRandom rng) {
    return s.probability() >= 1 || rng.nextDouble() < s.probability();
  }

  /** The canonical text: every parameter with its value, which parses back to an equal pipeline. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      sb.append(sb.length() == 0 ? "" : ", ").append(s);
    }
    return sb.toString();
  }
}
