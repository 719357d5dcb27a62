package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparseAnnotationSimulatorTest {

  private static final List<TrainingSample> SPARSE = new ArrayList<>();
  private static final SparseAnnotationSimulator SIM =
      new SparseAnnotationSimulator(SparseAnnotationSimulator.Options.defaults(), 42);

  @BeforeAll
  static void simulateOnEveryGlasMask() throws IOException {
    ImageMaskReader reader = new ImageMaskReader(Glas.protocol());
    for (ImageMaskPair p : ImageMaskDirectory.scan(Glas.images(), Glas.masks())) {
      SPARSE.add(reader.readSparse(p, SIM));
    }
  }

  @Test
  void keepsTenToTwentyPercentOfGlasPixelsEachWithItsTrueClass() {
    long kept = 0;
    long total = 0;
    long keptGland = 0;
    long gland = 0;
    double minImage = 1;
    double maxImage = 0;
    for (TrainingSample s : SPARSE) {
      LabelSetRaster l = s.labels();
      LabelRaster truth = s.reference().orElseThrow();
      long k = 0;
      for (int i = 0; i < l.data().length; i++) {
        long set = l.data()[i];
        int cls = truth.data()[i];
        gland += cls;
        if (set != l.universe()) {
          k++;
          keptGland += cls;
          assertThat(set).as("%s pixel %d", s.id(), i).isEqualTo(1L << cls);
        }
      }
      double f = (double) k / l.data().length;
      minImage = Math.min(minImage, f);
      maxImage = Math.max(maxImage, f);
      kept += k;
      total += l.data().length;
    }
    double fraction = (double) kept / total;
    System.out.printf(Locale.ROOT, "GlaS sparse simulation (defaults, seed 42): %.1f %% of pixels kept over 85 images"
        + " (per image %.1f..%.1f %%); glands %.1f %% of all pixels, %.1f %% of kept ones%n", 100 * fraction,
        100 * minImage, 100 * maxImage, 100.0 * gland / total, 100.0 * keptGland / kept);
    assertThat(fraction).isBetween(0.10, 0.20);
    assertThat(minImage).isGreaterThan(0.03);
    assertThat(maxImage).isLessThan(0.25);
    // Both classes are annotated in about their proportion: neither is dropped.
    assertThat((double) keptGland / kept).isBetween(0.5 * gland / total, 1.5 * gland / total);
  }

  @Test
  void keptPixelsStayClearOfBoundaries() {
    TrainingSample s = SPARSE.get(0);
    LabelRaster truth = s.reference().orElseThrow();
    LabelSetRaster l = s.labels();
    int w = l.width();
    int h = l.height();
    int m = SIM.options().margin();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (l.get(x, y) == l.universe()) {
          continue;
        }
        // No pixel of another class within 4-neighbour distance < margin.
        for (int dy = -m + 1; dy < m; dy++) {
          for (int dx = -m + 1 + Math.abs(dy); dx < m - Math.abs(dy); dx++) {
            int xx = x + dx;
            int yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
              assertThat(truth.get(xx, yy)).isEqualTo(truth.get(x, y));
            }
          }
        }
      }
    }
  }

  @Test
  void deterministicPerSampleAndSeed() throws IOException {
    ImageMaskReader reader = new ImageMaskReader(Glas.protocol());
    ImageMaskPair p = Glas.pair(5);
    TrainingSample again = reader.readSparse(p, SIM);
    TrainingSample first = SPARSE.stream().filter(s -> s.id().equals("train_5")).findFirst().orElseThrow();
    assertThat(again.labels()).isEqualTo(first.labels());
    TrainingSample other = reader.readSparse(p, new SparseAnnotationSimulator(SIM.options(), 43));
    assertThat(other.labels()).isNotEqualTo(first.labels());
  }

  @Test
  void instancesAreSeparateRegionsEvenWhenTheyTouch() {
    // Two touching 20x20 squares of one class, ids 1 and 2; margin 3 keeps both borders clear.
    int w = 40;
    int h = 20;
    long[] dense = new long[w * h];
    int[] ids = new int[w * h];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = 0b10;
      ids[i] = i % w < 20 ? 1 : 2;
    }
    SparseAnnotationSimulator all = new SparseAnnotationSimulator(
        new SparseAnnotationSimulator.Options(1.0, 0, 3, 1, 1, 48), 1);
    LabelSetRaster out = all.simulate(LabelSetRaster.wrap(w, h, 2, dense), ids, "t");
    // Keep fraction 1: each square keeps its whole interior, 3 px clear of the seam at x = 19|20 only.
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean nearSeam = x >= 17 && x <= 22;
        assertThat(out.get(x, y)).as("(%d, %d)", x, y).isEqualTo(nearSeam ? 0b11 : 0b10);
      }
    }
    // Without ids they are one region: nothing is cleared.
    assertThat(all.simulate(LabelSetRaster.wrap(w, h, 2, dense), null, "t").unconstrainedCount()).isZero();
  }

  @Test
  void componentsAndInteriorByHand() {
    // 6x3: class a (1) left, class b (2) right, an unannotated pixel (3 = all) at (2, 1).
    long[] sets = {
        1, 1, 1, 2, 2, 2,
        1, 1, 3, 2, 2, 2,
        1, 1, 1, 2, 2, 2};
    int[] comp = SparseAnnotationSimulator.components(sets, null, 3, 6, 3);
    assertThat(comp).containsExactly(0, 0, 0, 1, 1, 1, 0, 0, -1, 1, 1, 1, 0, 0, 0, 1, 1, 1);
    boolean[] in = SparseAnnotationSimulator.interior(comp, 6, 3, 1);
    // Margin 1: pixels next to another region or the unannotated pixel are out.
    boolean[] expected = {
        true, true, false, false, true, true,
        true, false, false, false, true, true,
        true, true, false, false, true, true};
    assertThat(in).containsExactly(expected);
  }
}
