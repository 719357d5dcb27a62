package io.slidestream.models.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationPipelineTest {

  /** The example of the task, every op once. */
  static final String FULL = "flip, rot90, rotate(degrees=180), elastic(alpha=30, sigma=6, p=0.5),"
      + " blur(sigma=0..1.5, p=0.3), gamma(0.8..1.25), brightness(-0.1..0.1), hsv(h=0.04, s=0.1, v=0.1),"
      + " contrast(0.8..1.2)";

  @Test
  void parsesTheFullExampleWithEveryParameterResolved() {
    AugmentationPipeline p = AugmentationPipeline.parse(FULL);
    assertThat(p.steps()).extracting(AugmentationPipeline.Step::op)
        .containsExactly("flip", "rot90", "rotate", "elastic", "blur", "gamma", "brightness", "hsv", "contrast");
    assertThat(p.steps().get(2).arguments().range("degrees")).isEqualTo(new Range(-180, 180));
    assertThat(p.steps().get(3).probability()).isEqualTo(0.5);
    assertThat(p.steps().get(5).arguments().range("gamma")).isEqualTo(new Range(0.8, 1.25));
    assertThat(p.steps().get(7).arguments().range("s")).isEqualTo(new Range(-0.1, 0.1));
    assertThat(p.toString()).isEqualTo("flip(h=0.5, v=0.5), rot90(k=0..3), rotate(degrees=-180..180),"
        + " elastic(alpha=30, sigma=6, p=0.5), blur(sigma=0..1.5, p=0.3), gamma(gamma=0.8..1.25),"
        + " brightness(delta=-0.1..0.1), hsv(h=-0.04..0.04, s=-0.1..0.1, v=-0.1..0.1), contrast(factor=0.8..1.2)");
  }

  @Test
  void canonicalTextParsesBackToTheSamePipeline() {
    AugmentationPipeline p = AugmentationPipeline.parse(FULL);
    AugmentationPipeline q = AugmentationPipeline.parse(p.toString());
    assertThat(q.toString()).isEqualTo(p.toString());
    TestSamples.Pair s = TestSamples.blocks(40, 40, 5, 1);
    Augmented a = p.apply(s.image(), s.labels(), 99);
    Augmented b = q.apply(s.image(), s.labels(), 99);
    assertThat(b.image()).isEqualTo(a.image());
    assertThat(b.labels()).isEqualTo(a.labels());
  }

  @Test
  void unknownOpsAndBadParametersAreClearErrors() {
    assertBad("flip, blurr(sigma=1)", 7, "unknown op 'blurr'; known ops: blur, brightness, contrast, elastic, flip,"
        + " gamma, hsv, rot90, rotate");
    assertBad("rotate(deg=10)", 8, "'rotate' has no parameter 'deg'; its parameters: degrees, p");
    assertBad("rotate(degrees=400)", 16, "must lie in -360..360, got -400..400");
    assertBad("gamma(2..1)", 7, "the range 2..1 is empty");
    assertBad("gamma(0..1)", 7, "must lie in 0.1..10, got 0..1");
    assertBad("blur(sigma=1, sigma=2)", 15, "parameter 'sigma' of 'blur' is given twice");
    assertBad("blur(1, 2)", 9, "only the first argument may omit its name (it is 'sigma')");
    assertBad("flip(0..1)", 1, "'flip': parameter 'h' must be a single value, got 0..1");
    assertBad("rot90(k=1.5)", 9, "takes integers, got 1.5");
    assertBad("elastic(p=1.5)", 11, "must lie in 0..1, got 1.5");
    assertBad("elastic(p=0..1)", 11, "takes a single value, not a range");
  }

  private static void assertBad(String text, int column, String message) {
    assertThatThrownBy(() -> AugmentationPipeline.parse(text))
        .isInstanceOfSatisfying(AugmentationConfigException.class, e -> assertThat(e.column()).isEqualTo(column))
        .hasMessageContaining(message);
  }

  @Test
  void sameSeedSameOutputAndSeedsDiffer() {
    AugmentationPipeline p = AugmentationPipeline.parse(FULL);
    RgbRaster img = TestSamples.noiseImage(64, 48, 1);
    LabelSetRaster lab = TestSamples.noiseLabels(64, 48, 2);
    RgbRaster imgCopy = img.crop(0, 0, 64, 48);
    LabelSetRaster labCopy = lab.crop(0, 0, 64, 48);
    Augmented a = p.apply(img, lab, 7);
    Augmented b = p.apply(img.crop(0, 0, 64, 48), lab.crop(0, 0, 64, 48), 7);
    assertThat(b.image()).isEqualTo(a.image());
    assertThat(b.labels()).isEqualTo(a.labels());
    // Inputs are never modified.
    assertThat(img).isEqualTo(imgCopy);
    assertThat(lab).isEqualTo(labCopy);
    Set<RgbRaster> distinct = new HashSet<>();
    for (long i = 0; i < 20; i++) {
      distinct.add(p.apply(img, lab, AugmentationPipeline.sampleSeed(7, i)).image());
    }
    assertThat(distinct).hasSize(20);
  }

  @Test
  void eachStepDrawsFromItsOwnStreamSoEditingOneLeavesTheOthers() {
    // The rotation is drawn identically whether or not a photometric step before it changes.
    RgbRaster img = TestSamples.noiseImage(32, 32, 3);
    LabelSetRaster lab = TestSamples.noiseLabels(32, 32, 4);
    Augmented a = AugmentationPipeline.parse("gamma(1), rotate").apply(img, lab, 5);
    Augmented b = AugmentationPipeline.parse("gamma(0.5..2), rotate").apply(img, lab, 5);
    assertThat(b.labels()).isEqualTo(a.labels());
    assertThat(b.image()).isNotEqualTo(a.image());
  }

  @Test
  void sampleSeedsAreDistinctAcrossIndicesAndRuns() {
    Set<Long> seeds = new HashSet<>();
    for (long run = 0; run < 10; run++) {
      for (long i = 0; i < 1000; i++) {
        seeds.add(AugmentationPipeline.sampleSeed(run, i));
      }
    }
    assertThat(seeds).hasSize(10_000);
  }

  @Test
  void probabilityZeroNeverActsAndOneAlwaysActs() {
    TestSamples.Pair s = TestSamples.blocks(16, 16, 4, 1);
    for (long seed = 0; seed < 20; seed++) {
      Augmented never = AugmentationPipeline.parse("rot90(k=1, p=0), gamma(3, p=0)").apply(s.image(), s.labels(), seed);
      assertThat(never.image()).isSameAs(s.image());
      assertThat(never.labels()).isSameAs(s.labels());
      Augmented always = AugmentationPipeline.parse("rot90(k=2, p=1)").apply(s.image(), s.labels(), seed);
      assertThat(always.labels().get(0, 0)).isEqualTo(s.labels().get(15, 15));
    }
    // p=0.5 acts on about half the samples.
    int acted = 0;
    AugmentationPipeline half = AugmentationPipeline.parse("rot90(k=2, p=0.5)");
    for (long seed = 0; seed < 400; seed++) {
      if (half.apply(s.image(), s.labels(), seed).labels() != s.labels()) {
        acted++;
      }
    }
    assertThat(acted).isBetween(160, 240);
  }

  @Test
  void photometricOpsLeaveLabelsUntouched() {
    AugmentationPipeline p = AugmentationPipeline.parse(
        "blur(sigma=1..2), gamma(0.5..2), brightness(0.3), hsv(h=0.2, s=0.5, v=0.5), contrast(0.5..1.5)");
    RgbRaster img = TestSamples.noiseImage(50, 30, 4);
    LabelSetRaster lab = TestSamples.noiseLabels(50, 30, 5);
    LabelSetRaster copy = lab.crop(0, 0, 50, 30);
    for (long seed = 0; seed < 10; seed++) {
      Augmented a = p.apply(img, lab, seed);
      assertThat(a.labels()).isEqualTo(copy);
      assertThat(a.image()).isNotEqualTo(img);
    }
  }

  @Test
  void labelsOnlyTakeInputValuesOrAllAndMoveWithTheImage() {
    AugmentationPipeline p = AugmentationPipeline.parse(
        "flip, rot90, rotate(degrees=180), elastic(alpha=200, sigma=8)");
    for (long seed = 0; seed < 30; seed++) {
      TestSamples.Pair s = TestSamples.blocks(48, 48, 8, seed);
      Set<Long> allowed = new HashSet<>();
      for (long v : s.labels().data()) {
        allowed.add(v);
      }
      allowed.add(s.labels().universe());
      Augmented a = p.apply(s.image(), s.labels(), seed);
      int agree = 0;
      int colourKnown = 0;
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 48; x++) {
          long set = a.labels().get(x, y);
          assertThat(allowed).contains(set);
          int k = TestSamples.colourIndex(a.image().rgb(x, y));
          if (k >= 0 && set != a.labels().universe()) {
            colourKnown++;
            if (TestSamples.SETS[k] == set) {
              agree++;
            }
          }
        }
      }
      // Pure block colours survive inside blocks; there the labels must name the same block.
      assertThat(colourKnown).as("seed %d", seed).isGreaterThan(48 * 48 / 3);
      assertThat(agree).as("seed %d", seed).isEqualTo(colourKnown);
    }
  }

  @Test
  void geometricRunsAreFusedSoQuarterTurnsStayExact() {
    RgbRaster img = TestSamples.noiseImage(20, 20, 8);
    LabelSetRaster lab = TestSamples.noiseLabels(20, 20, 9);
    Augmented a = AugmentationPipeline.parse("rotate(degrees=30..30), rotate(degrees=-30..-30)").apply(img, lab, 1);
    // Fused: the two rotations cancel before any interpolation, so nothing is lost even at corners.
    int differ = 0;
    for (int i = 0; i < img.data().length; i++) {
      differ += Math.abs((img.data()[i] & 0xff) - (a.image().data()[i] & 0xff)) > 1 ? 1 : 0;
    }
    assertThat(differ).isZero();
    assertThat(a.labels()).isEqualTo(lab);
    // A photometric step between them splits the run: the corners are then lost to the first rotation.
    Augmented b = AugmentationPipeline.parse("rotate(degrees=30..30), gamma(1), rotate(degrees=-30..-30)")
        .apply(img, lab, 1);
    assertThat(b.labels().get(0, 0)).isEqualTo(lab.universe());
  }

  @Test
  void theReferenceMovesWithTheLabelsAndGetsTheFillOutside() {
    TestSamples.Pair s = TestSamples.blocks(32, 32, 4, 6);
    LabelRaster ref = s.labels().toLabels(200);
    Augmented a = AugmentationPipeline.parse("rotate(degrees=45..45)").apply(s.image(), s.labels(), ref, 255, 3);
    LabelRaster moved = a.reference().orElseThrow();
    long all = s.labels().universe();
    for (int i = 0; i < 32 * 32; i++) {
      long set = a.labels().data()[i];
      int expected = set == all ? 255 : Long.bitCount(set) == 1 ? Long.numberOfTrailingZeros(set) : 200;
      assertThat(moved.data()[i] & 0xff).isEqualTo(expected);
    }
    assertThat(moved.get(0, 0)).isEqualTo(255);
    assertThat(a.labels().get(0, 0)).isEqualTo(all);
  }

  @Test
  void customOpsPlugInAndOutsidePixelsGetReflectedImageAndNoLabels() {
    AugmentOp shift = new AugmentOp() {
      @Override
      public String name() {
        return "shift";
      }

      @Override
      public String description() {
        return "moves the content right by dx";
      }

      @Override
      public List<Parameter> parameters() {
        return List.of(Parameter.fixed("dx", 0, 0, -100, 100, "pixels"));
      }

      @Override
      public AugmentStep create(Arguments args) {
        float dx = (float) args.fixed("dx");
        return (GeometricStep) (rng, w, h) -> (xs, ys) -> {
          for (int i = 0; i < xs.length; i++) {
            xs[i] -= dx;
          }
        };
      }
    };
    AugmentationPipeline p = AugmentationPipeline.parse("shift(3)", AugmentOps.of(List.of(shift)));
    RgbRaster img = TestSamples.noiseImage(10, 4, 1);
    LabelSetRaster lab = TestSamples.noiseLabels(10, 4, 2);
    Augmented a = p.apply(img, lab, 0);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 10; x++) {
        if (x < 3) {
          // Source column x - 3 is outside: mirrored across the left edge (-1 -> 0, -2 -> 1, -3 -> 2).
          assertThat(a.image().rgb(x, y)).isEqualTo(img.rgb(2 - x, y));
          assertThat(a.labels().get(x, y)).isEqualTo(lab.universe());
        } else {
          assertThat(a.image().rgb(x, y)).isEqualTo(img.rgb(x - 3, y));
          assertThat(a.labels().get(x, y)).isEqualTo(lab.get(x - 3, y));
        }
      }
    }
  }

  @Test
  void emptyAndOnePixelSamplesPassThroughEveryOp() {
    AugmentationPipeline p = AugmentationPipeline.parse(FULL.replace("p=0.5", "p=1").replace("p=0.3", "p=1"));
    for (int[] size : new int[][] {{0, 0}, {0, 3}, {1, 1}, {1, 5}}) {
      Augmented a = p.apply(RgbRaster.filled(size[0], size[1], 0x808080),
          LabelSetRaster.create(size[0], size[1], 2, 1), 3);
      assertThat(a.image().width()).isEqualTo(size[0]);
      assertThat(a.labels().height()).isEqualTo(size[1]);
    }
  }

  @Test
  void rejectsMismatchedSizes() {
    AugmentationPipeline p = AugmentationPipeline.parse("flip");
    assertThatThrownBy(() -> p.apply(RgbRaster.create(4, 4), LabelSetRaster.unconstrained(4, 5, 2), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image is 4x4 but labels are 4x5");
  }

  @Test
  void speedOfTheFullPipelineOn256() {
    AugmentationPipeline p = AugmentationPipeline.parse(FULL);
    RgbRaster img = TestSamples.noiseImage(256, 256, 1);
    LabelSetRaster lab = TestSamples.noiseLabels(256, 256, 2);
    for (int i = 0; i < 30; i++) {
      p.apply(img, lab, i);
    }
    // Every op acting, too: the worst case a sample can meet.
    AugmentationPipeline all = AugmentationPipeline.parse(FULL.replace("p=0.5", "p=1").replace("p=0.3", "p=1")
        .replace("sigma=0..1.5", "sigma=1.5"));
    List<Double> typical = new ArrayList<>();
    List<Double> worst = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      typical.add(msPerSample(p, img, lab, 40));
      worst.add(msPerSample(all, img, lab, 40));
    }
    double t = typical.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double w = worst.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    System.out.printf(Locale.ROOT, "augmentation 256x256, full pipeline: %.2f ms/sample as configured,"
        + " %.2f ms/sample with every op acting (best of 5 rounds of 40, one thread)%n", t, w);
    // Generous: a training step of even a small U-Net takes far longer; this catches a pathological slowdown.
    assertThat(w).isLessThan(100);
  }

  private static double msPerSample(AugmentationPipeline p, RgbRaster img, LabelSetRaster lab, int n) {
    SplittableRandom r = new SplittableRandom(n);
    long t0 = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < n; i++) {
      sink += p.apply(img, lab, r.nextLong()).image().data()[i];
    }
    double ms = (System.nanoTime() - t0) / 1e6 / n;
    return sink == Long.MIN_VALUE ? -1 : ms;
  }
}
