package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.losses.BinaryAmbiguityLoss;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

@ExtendWith(SingleThreadedNd4j.class)
class ErrorMapComputerTest {

  private static final int CLASSES = 3;
  private static final BatchAssembler ASSEMBLER = BatchAssembler.unitRange();

  private static ComputationGraph unet(Head head, int patch) {
    return UNet.create(UNetConfig.builder().levels(2).filters(4).patchSize(patch).classes(CLASSES).head(head)
        .seed(5).learningRate(1e-3).build());
  }

  /**
   * Smooth colour blobs with label sets of every kind: single classes, super labels of two
   * classes, and "all classes" (unannotated) — the top-left 16 × 16 cell entirely unannotated.
   */
  private static TrainingSample sample(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    long[] sets = new long[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        rgb[3 * i] = (byte) (128 + 100 * Math.sin(x / 5.0));
        rgb[3 * i + 1] = (byte) (128 + 100 * Math.cos(y / 7.0));
        rgb[3 * i + 2] = (byte) r.nextInt(256);
        int kind = r.nextInt(10);
        sets[i] = x < 16 && y < 16 ? 0b111 : kind < 6 ? 1L << (kind % 3) : kind < 8 ? 0b011 : kind < 9 ? 0b110 : 0b111;
      }
    }
    return TrainingSample.of("s" + seed, RgbRaster.wrap(w, h, rgb), LabelSetRaster.wrap(w, h, CLASSES, sets));
  }

  private static double pixelError(float[] p, int i, int plane, long set, Head head) {
    double sum = 0;
    double max = 0;
    for (int k = 0; k < CLASSES; k++) {
      if ((set >>> k & 1) != 0) {
        sum += p[k * plane + i];
        max = Math.max(max, p[k * plane + i]);
      }
    }
    return Math.max(0, Math.min(1, head == Head.SOFTMAX ? 1 - sum : 1 - max));
  }

  /** Per-cell error and counts straight from the network's output on the whole image. */
  private static double[][] expectedCells(ComputationGraph net, TrainingSample whole, int cell, Head head,
      boolean skipBorder) {
    int w = whole.width();
    int h = whole.height();
    float[] p = net.output(false, ASSEMBLER.assemble(List.of(whole)).features())[0].castTo(DataType.FLOAT)
        .dup('c').data().asFloat();
    int cols = (w + cell - 1) / cell;
    double[][] out = new double[2][cols * ((h + cell - 1) / cell)];
    long[] sets = whole.labels().data();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        long set = sets[y * w + x];
        boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
        if (set == 0b111 || (skipBorder && border)) {
          continue;
        }
        int c = (y / cell) * cols + x / cell;
        out[0][c] += pixelError(p, y * w + x, w * h, set, head);
        out[1][c]++;
      }
    }
    return out;
  }

  private static void assertCellsMatch(ErrorMap map, double[][] expected) {
    assertThat(map.cells()).isEqualTo(expected[0].length);
    for (int c = 0; c < map.cells(); c++) {
      assertThat(map.annotatedPixels(c)).as("annotated pixels of cell %d", c).isEqualTo((int) expected[1][c]);
      assertThat((double) map.cellError(c)).as("error of cell %d", c).isCloseTo(expected[0][c], within(1e-3));
    }
  }

  @Test
  void aOnePatchRegionsCellErrorsArePixelErrorsOfTheWholeImageOutput() {
    for (Head head : Head.values()) {
      ComputationGraph net = unet(head, 32);
      InMemoryPatchSource source = InMemoryPatchSource.of(List.of(sample(32, 32, 1)));
      ErrorMap map = new ErrorMapComputer(32, 16, 0.2, 4, ASSEMBLER, head).compute(net, source, 0);
      double[][] expected = expectedCells(net, source.whole(0), 16, head, false);
      assertCellsMatch(map, expected);
      assertThat(map.annotatedPixels(0)).as("the unannotated top-left cell").isZero();
      assertThat(map.cellError(0)).isZero();
      assertThat(map.probability(0)).isZero();
      assertThat(map.meanError()).isBetween(0.05, 0.95);
      assertThat(map.regionId()).isEqualTo("s1");
      assertThat(map.floor()).isEqualTo(0.2);
    }
  }

  @Test
  void tiledRegionsMatchTheWholeImageAwayFromTheBorder() {
    // A 3×3 convolution sees one pixel around, so halo tiles equal the whole-image output inside.
    ComputationGraph net = TinyNets.graph(new BinaryAmbiguityLoss(), 3, 4, CLASSES, 32, DataType.FLOAT,
        new Adam(1e-3), 3);
    TrainingSample s = sample(90, 70, 2);
    long[] sets = s.labels().data();
    for (int y = 0; y < 70; y++) {
      for (int x = 0; x < 90; x++) {
        if (x == 0 || y == 0 || x == 89 || y == 69) {
          sets[y * 90 + x] = 0b111;
        }
      }
    }
    InMemoryPatchSource source = InMemoryPatchSource.of(List.of(s));
    ErrorMap map = new ErrorMapComputer(32, 16, 0.2, 3, ASSEMBLER, Head.SIGMOID).compute(net, source, 0);
    assertCellsMatch(map, expectedCells(net, source.whole(0), 16, Head.SIGMOID, true));
  }

  @Test
  void aCoarserCellSizeSumsTheFinerCells() {
    ComputationGraph net = unet(Head.SOFTMAX, 32);
    InMemoryPatchSource source = InMemoryPatchSource.of(List.of(sample(100, 72, 3)));
    ErrorMap fine = new ErrorMapComputer(32, 16, 0.2, 4, ASSEMBLER, Head.SOFTMAX).compute(net, source, 0);
    ErrorMap coarse = new ErrorMapComputer(32, 48, 0.2, 4, ASSEMBLER, Head.SOFTMAX).compute(net, source, 0);
    assertThat(fine.columns()).isEqualTo(7);
    assertThat(coarse.columns()).isEqualTo(3);
    assertThat(coarse.rows()).isEqualTo(2);
    double[] sums = new double[coarse.cells()];
    int[] counts = new int[coarse.cells()];
    for (int c = 0; c < fine.cells(); c++) {
      int cc = (c / fine.columns() / 3) * coarse.columns() + (c % fine.columns()) / 3;
      sums[cc] += fine.cellError(c);
      counts[cc] += fine.annotatedPixels(c);
    }
    for (int c = 0; c < coarse.cells(); c++) {
      assertThat(coarse.annotatedPixels(c)).isEqualTo(counts[c]);
      assertThat((double) coarse.cellError(c)).isCloseTo(sums[c], within(1e-2));
    }
    assertThat(coarse.meanError()).isCloseTo(fine.meanError(), within(1e-6));
    assertThat(source.annotatedArea(0).total()).isEqualTo((long) java.util.Arrays.stream(counts).sum());
    assertThatThrownBy(() -> new ErrorMapComputer(32, 24, 0.2, 4, ASSEMBLER, Head.SOFTMAX).compute(net, source, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple");
  }

  @Test
  void whereTheModelIsWrongGetsMostOfTheDensity() {
    ComputationGraph net = unet(Head.SOFTMAX, 64);
    // A confident model: scaling the logits' weights sharpens its softmax without changing its choices.
    net.getLayer(UNet.LOGITS).params().muli(40);
    TrainingSample s = sample(64, 64, 4);
    float[] p = net.output(false, ASSEMBLER.assemble(List.of(s)).features())[0].castTo(DataType.FLOAT).dup('c')
        .data().asFloat();
    int plane = 64 * 64;
    long[] sets = new long[plane];
    for (int i = 0; i < plane; i++) {
      int best = 0;
      int worst = 0;
      for (int k = 1; k < CLASSES; k++) {
        best = p[k * plane + i] > p[best * plane + i] ? k : best;
        worst = p[k * plane + i] < p[worst * plane + i] ? k : worst;
      }
      // Left half labelled as the model predicts, right half as the class it believes least.
      sets[i] = 1L << (i % 64 < 32 ? best : worst);
    }
    InMemoryPatchSource source = InMemoryPatchSource.of(List.of(s.withLabels(LabelSetRaster.wrap(64, 64, CLASSES,
        sets))));
    ErrorMap map = new ErrorMapComputer(64, 16, 0.2, 2, ASSEMBLER, Head.SOFTMAX).compute(net, source, 0);
    double right = 0;
    for (int c = 0; c < map.cells(); c++) {
      if (c % map.columns() >= 2) {
        right += map.probability(c);
      }
    }
    assertThat(right).as("density on the right half").isGreaterThan(0.8);
    long drawnRight = map.sample(2000, 1, 32, 32).stream().filter(r -> r.x() + 16 >= 32).count();
    assertThat(drawnRight).isGreaterThan(1500);
  }

  @Test
  void onlyTilesTouchingAnnotationAreRead() {
    ComputationGraph net = unet(Head.SOFTMAX, 32);
    TrainingSample s = sample(200, 200, 5);
    long[] sets = s.labels().data();
    for (int i = 0; i < sets.length; i++) {
      int x = i % 200;
      int y = i / 200;
      if (!(x >= 150 && y >= 150)) {
        sets[i] = 0b111;
      }
    }
    InMemoryPatchSource inner = InMemoryPatchSource.of(List.of(s));
    CountingSource counting = new CountingSource(inner);
    ErrorMap map = new ErrorMapComputer(32, 16, 0.2, 4, ASSEMBLER, Head.SOFTMAX).compute(net, counting, 0);
    // Cores of 24 px: 9 × 9 tiles in all, of which those over [144, 200)² — 3 × 3 — touch annotation.
    assertThat(counting.reads.get()).isEqualTo(9);
    assertThat(map.annotatedPixels(0)).isZero();
    assertThat(java.util.stream.IntStream.range(0, map.cells()).mapToLong(map::annotatedPixels).sum())
        .isEqualTo(inner.annotatedArea(0).total()).isGreaterThan(2000);
  }

  /** Counts patch reads. */
  private static final class CountingSource implements io.slidestream.models.data.PatchSource {
    private final InMemoryPatchSource inner;
    final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    CountingSource(InMemoryPatchSource inner) {
      this.inner = inner;
    }

    @Override
    public int classCount() {
      return inner.classCount();
    }

    @Override
    public int regionCount() {
      return inner.regionCount();
    }

    @Override
    public String regionId(int region) {
      return inner.regionId(region);
    }

    @Override
    public int regionWidth(int region) {
      return inner.regionWidth(region);
    }

    @Override
    public int regionHeight(int region) {
      return inner.regionHeight(region);
    }

    @Override
    public io.slidestream.models.data.AnnotatedArea annotatedArea(int region) {
      return inner.annotatedArea(region);
    }

    @Override
    public TrainingSample read(io.slidestream.models.data.PatchRequest request) {
      reads.incrementAndGet();
      return inner.read(request);
    }
  }
}
