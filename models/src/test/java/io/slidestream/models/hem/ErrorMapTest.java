package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.models.data.AnnotatedArea;
import io.slidestream.models.data.PatchRequest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorMapTest {

  /** Significance of the goodness-of-fit tests: a correct sampler fails one in a thousand seeds. */
  private static final double ALPHA = 1e-3;

  /** 47 × 38 px in cells of 10 (the last column and row cut short), some cells unannotated. */
  private static AnnotatedArea area() {
    int cols = 5;
    int rows = 4;
    int[] counts = new int[cols * rows];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < counts.length; i++) {
      int cw = (i % cols) == cols - 1 ? 7 : 10;
      int ch = (i / cols) == rows - 1 ? 8 : 10;
      counts[i] = i % 6 == 2 ? 0 : 1 + r.nextInt(cw * ch);
    }
    return new AnnotatedArea(47, 38, 10, counts, true, (x, y) -> true);
  }

  private static float[] errors(AnnotatedArea area, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] e = new float[area.counts().length];
    for (int i = 0; i < e.length; i++) {
      // Some cells almost right, some badly wrong: a density far from the annotated-pixel share.
      double rate = r.nextDouble() < 0.3 ? 0.9 : 0.05 * r.nextDouble();
      e[i] = (float) (area.counts()[i] * rate);
    }
    return e;
  }

  private static int[] cellsOf(ErrorMap map, List<PatchRequest> draws) {
    int[] n = new int[map.cells()];
    for (PatchRequest p : draws) {
      int cx = p.x() + p.width() / 2;
      int cy = p.y() + p.height() / 2;
      assertThat(cx).isBetween(0, map.width() - 1);
      assertThat(cy).isBetween(0, map.height() - 1);
      n[(cy / map.cellSize()) * map.columns() + cx / map.cellSize()]++;
    }
    return n;
  }

  @Test
  void samplingFollowsTheDensityByAChiSquareTest() {
    AnnotatedArea area = area();
    ErrorMap map = ErrorMap.of(2, "r2", area, errors(area, 5), 0.25);
    int draws = 20_000;
    List<PatchRequest> sample = map.sample(draws, 99, 9, 7);
    assertThat(sample).allMatch(p -> p.region() == 2 && p.width() == 9 && p.height() == 7);
    int[] observed = cellsOf(map, sample);
    double[] p = new double[map.cells()];
    int df = -1;
    for (int i = 0; i < p.length; i++) {
      p[i] = map.probability(i);
      if (p[i] > 0) {
        df++;
        assertThat(draws * p[i]).as("expected count of cell %d (chi-square needs >= 5)", i).isGreaterThan(5);
      }
    }
    assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-12));
    double pValue = ChiSquare.survival(ChiSquare.statistic(observed, p, draws), df);
    assertThat(pValue).as("goodness of fit to the map's density, %d degrees of freedom", df).isGreaterThan(ALPHA);

    // The test has power: the same draws are far from the floor's share alone (annotated pixels).
    double[] uniform = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      uniform[i] = (double) area.counts()[i] / area.total();
    }
    assertThat(ChiSquare.survival(ChiSquare.statistic(observed, uniform, draws), df)).isLessThan(1e-12);
  }

  @Test
  void theChiSquareSurvivalFunctionMatchesKnownQuantiles() {
    // Tabulated critical values: P(X >= x) for the given degrees of freedom.
    assertThat(ChiSquare.survival(3.841459, 1)).isCloseTo(0.05, within(1e-6));
    assertThat(ChiSquare.survival(18.307038, 10)).isCloseTo(0.05, within(1e-6));
    assertThat(ChiSquare.survival(29.588298, 10)).isCloseTo(0.001, within(1e-7));
    assertThat(ChiSquare.survival(2.0, 2)).isCloseTo(Math.exp(-1), within(1e-12));
    assertThat(ChiSquare.survival(0, 5)).isEqualTo(1.0);
  }

  @Test
  void centresFallInsideTheirCellsAndTheRegion() {
    AnnotatedArea area = area();
    ErrorMap map = ErrorMap.of(0, "r0", area, errors(area, 8), 0.5);
    for (int n = 0; n < 5000; n++) {
      // sample() draws the cell from the generator's first double: a copy tells which cell it is.
      SplittableRandom random = new SplittableRandom(n * 31L + 1);
      int cell = map.cellAt(new SplittableRandom(n * 31L + 1).nextDouble());
      PatchRequest p = map.sample(random, 1, 1);
      int x0 = (cell % map.columns()) * map.cellSize();
      int y0 = (cell / map.columns()) * map.cellSize();
      assertThat(p.x()).isBetween(x0, Math.min(x0 + map.cellSize(), map.width()) - 1);
      assertThat(p.y()).isBetween(y0, Math.min(y0 + map.cellSize(), map.height()) - 1);
      assertThat(map.annotatedPixels(cell)).as("cell %d drawn", cell).isPositive();
    }
    // The ends of [0, 1) land in annotated cells too.
    assertThat(map.annotatedPixels(map.cellAt(0.0))).isPositive();
    assertThat(map.annotatedPixels(map.cellAt(Math.nextDown(1.0)))).isPositive();
  }

  @Test
  void theFloorHoldsAndUnannotatedCellsAreNeverDrawn() {
    AnnotatedArea area = area();
    double floor = 0.2;
    ErrorMap map = ErrorMap.of(1, "r1", area, errors(area, 6), floor);
    long total = area.total();
    boolean someAboveFloor = false;
    for (int i = 0; i < map.cells(); i++) {
      double share = (double) area.counts()[i] / total;
      assertThat(map.probability(i)).as("cell %d", i).isGreaterThanOrEqualTo(floor * share - 1e-12);
      if (area.counts()[i] == 0) {
        assertThat(map.probability(i)).isZero();
      }
      someAboveFloor |= map.probability(i) > 2 * share;
    }
    assertThat(someAboveFloor).as("errors move the density").isTrue();
    int[] n = cellsOf(map, map.sample(20_000, 12, 1, 1));
    for (int i = 0; i < n.length; i++) {
      if (area.counts()[i] == 0) {
        assertThat(n[i]).as("draws in unannotated cell %d", i).isZero();
      } else {
        assertThat(n[i]).as("draws in annotated cell %d", i).isPositive();
      }
    }
  }

  @Test
  void zeroErrorGivesTheAnnotatedPixelShare() {
    AnnotatedArea area = area();
    ErrorMap map = ErrorMap.of(0, "r0", area, new float[area.counts().length], 0.1);
    assertThat(map.meanError()).isZero();
    for (int i = 0; i < map.cells(); i++) {
      assertThat(map.probability(i)).isCloseTo((double) area.counts()[i] / area.total(), within(1e-12));
    }
    // floor = 1: the same share whatever the errors (uniform sampling for comparison).
    ErrorMap uniform = ErrorMap.of(0, "r0", area, errors(area, 7), 1.0);
    for (int i = 0; i < uniform.cells(); i++) {
      assertThat(uniform.probability(i)).isCloseTo((double) area.counts()[i] / area.total(), within(1e-12));
    }
  }

  @Test
  void meanErrorIsErrorOverAnnotatedPixels() {
    AnnotatedArea area = area();
    float[] e = errors(area, 9);
    double sum = 0;
    for (float v : e) {
      sum += v;
    }
    assertThat(ErrorMap.of(0, "r", area, e, 0.3).meanError()).isCloseTo(sum / area.total(), within(1e-9));
  }

  @Test
  void bytesRoundTripAndForeignOrTruncatedArraysAreRejected() {
    AnnotatedArea area = area();
    ErrorMap map = ErrorMap.of(7, "slide-ü-7", area, errors(area, 10), 0.35);
    byte[] bytes = map.toBytes();
    ErrorMap back = ErrorMap.fromBytes(bytes);
    assertThat(back.region()).isEqualTo(7);
    assertThat(back.regionId()).isEqualTo("slide-ü-7");
    assertThat(back.width()).isEqualTo(47);
    assertThat(back.height()).isEqualTo(38);
    assertThat(back.cellSize()).isEqualTo(10);
    assertThat(back.floor()).isEqualTo(0.35);
    assertThat(back.meanError()).isEqualTo(map.meanError());
    for (int i = 0; i < map.cells(); i++) {
      assertThat(back.cellError(i)).isEqualTo(map.cellError(i));
      assertThat(back.annotatedPixels(i)).isEqualTo(map.annotatedPixels(i));
      assertThat(back.probability(i)).isEqualTo(map.probability(i));
    }
    assertThat(back.sample(50, 3, 16, 16)).isEqualTo(map.sample(50, 3, 16, 16));
    assertThat(back.toBytes()).isEqualTo(bytes);

    for (int cut : new int[] {0, 3, 10, bytes.length / 2, bytes.length - 1}) {
      assertThatThrownBy(() -> ErrorMap.fromBytes(Arrays.copyOf(bytes, cut)))
          .as("truncated to %d bytes", cut).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 4);
    assertThatThrownBy(() -> ErrorMap.fromBytes(trailing)).isInstanceOf(IllegalArgumentException.class);
    byte[] foreign = bytes.clone();
    foreign[1] ^= 0x11;
    assertThatThrownBy(() -> ErrorMap.fromBytes(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErrorMap.fromBytes(new PatchPool(3).toBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRegionWithoutAnnotationOrWithImpossibleErrorsIsRejected() {
    AnnotatedArea empty = new AnnotatedArea(20, 20, 10, new int[4], true, (x, y) -> false);
    assertThatThrownBy(() -> ErrorMap.of(0, "e", empty, new float[4], 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    AnnotatedArea area = area();
    float[] e = errors(area, 1);
    e[0] = area.counts()[0] + 5;
    assertThatThrownBy(() -> ErrorMap.of(0, "x", area, e, 0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErrorMap.of(0, "x", area, errors(area, 1), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
