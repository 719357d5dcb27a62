package io.slidestream.models.hem;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.data.AnnotatedArea;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.training.Release;
import io.slidestream.models.unet.Head;
import io.slidestream.tiles.PatchGrid;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a network over the annotated part of one region of a {@link PatchSource} and sums each
 * annotated pixel's error per cell into an {@link ErrorMap}. A pixel's error is how little
 * probability the network puts on its admissible label set: {@code 1 − Σ_{k∈set} p_k} for a softmax
 * head (the set's classes exclude each other), {@code 1 − max_{k∈set} p_k} for a sigmoid head
 * (independent classifiers: the best admissible one decides), clamped to [0, 1].
 *
 * <p>The region is predicted tile by tile and only tiles that touch an annotated cell of the
 * source's {@link AnnotatedArea} are read, so memory and time follow the annotated area, not the
 * slide. Tiles are the disjoint cores of {@link PatchGrid#fitting}, each read with a halo of
 * {@code patchSize / 8} on every side (past the region's edge the source fills it) that is dropped,
 * because a U-Net sees less context near a patch border; the last row and column are cut at the
 * edge, and along an axis the region fits in one patch, the patch starts at 0 and needs no halo.
 * Each annotated pixel is counted exactly once, from the label sets actually read, so the
 * map's counts are exact even where the source's area is an estimate (slides).
 *
 * <p>The map's cells are {@code cellSize} pixels, a multiple of the source's cells, so a slide's map
 * can be made coarse enough to travel in one record. Inference mode: the network is not changed.
 */
public final class ErrorMapComputer {

  private final int patchSize;
  private final int halo;
  private final int cellSize;
  private final double floor;
  private final int batchSize;
  private final BatchAssembler assembler;
  private final Head head;

  public ErrorMapComputer(int patchSize, int cellSize, double floor, int batchSize, BatchAssembler assembler,
      Head head) {
    if (patchSize < 8) {
      throw new IllegalArgumentException("patch size must be at least 8, got " + patchSize);
    }
    if (cellSize < 1) {
      throw new IllegalArgumentException("cell size must be at least 1, got " + cellSize);
    }
    if (!(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("the density floor must be in [0, 1], got " + floor);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.patchSize = patchSize;
    this.halo = patchSize / 8;
    this.cellSize = cellSize;
    this.floor = floor;
    this.batchSize = batchSize;
    this.assembler = Objects.requireNonNull(assembler, "assembler");
    this.head = Objects.requireNonNull(head, "head");
  }

  public int cellSize() {
    return cellSize;
  }

  public double floor() {
    return floor;
  }

  /** One tile: the patch read and the core of it kept, in region pixels. */
  private record Tile(int readX, int readY, int x, int y, int width, int height) {}

  /** The error map of {@code region} under {@code net}. */
  public ErrorMap compute(ComputationGraph net, PatchSource source, int region) {
    AnnotatedArea fine = source.annotatedArea(region);
    if (cellSize % fine.cellSize() != 0) {
      throw new IllegalArgumentException("error-map cells of " + cellSize + " px are not a multiple of the source's"
          + " cells of " + fine.cellSize() + " px (" + source.regionId(region) + ")");
    }
    int w = source.regionWidth(region);
    int h = source.regionHeight(region);
    if (fine.width() != w || fine.height() != h) {
      throw new IllegalStateException(source.regionId(region) + ": annotated area of " + fine.width() + "x"
          + fine.height() + " for a region of " + w + "x" + h);
    }
    int cols = (w + cellSize - 1) / cellSize;
    int rows = (h + cellSize - 1) / cellSize;
    double[] errors = new double[cols * rows];
    int[] counts = new int[cols * rows];
    Iterator<Tile> tiles = annotatedTiles(fine, w, h);
    List<Tile> batch = new ArrayList<>(batchSize);
    while (tiles.hasNext()) {
      batch.add(tiles.next());
      if (batch.size() == batchSize || !tiles.hasNext()) {
        accumulate(net, source, region, batch, errors, counts, cols);
        batch.clear();
      }
    }
    float[] cellError = new float[errors.length];
    for (int i = 0; i < errors.length; i++) {
      // Float sums of up to cellSize² errors in [0, 1] can overshoot the count by rounding.
      cellError[i] = (float) Math.min(errors[i], counts[i]);
    }
    AnnotatedArea coarse = new AnnotatedArea(w, h, cellSize, counts, true, fine.pixels());
    return ErrorMap.of(region, source.regionId(region), coarse, cellError, floor);
  }

  private void accumulate(ComputationGraph net, PatchSource source, int region, List<Tile> batch, double[] errors,
      int[] counts, int cols) {
    List<TrainingSample> samples = new ArrayList<>(batch.size());
    for (Tile t : batch) {
      samples.add(source.read(new PatchRequest(region, t.readX(), t.readY(), patchSize, patchSize)));
    }
    INDArray features = assembler.assemble(samples).features();
    INDArray out = net.output(false, features)[0];
    int classes = source.classCount();
    if (out.rank() != 4 || out.size(1) != classes || out.size(2) != patchSize || out.size(3) != patchSize) {
      throw new IllegalArgumentException("the network's output " + java.util.Arrays.toString(out.shape())
          + " is not [batch, " + classes + ", " + patchSize + ", " + patchSize + "]");
    }
    // The copy is native memory too: release it with the rest, not when the collector gets to it.
    INDArray flat = out.castTo(DataType.FLOAT).dup('c');
    float[] p = flat.data().asFloat();
    Release.now(features, out, flat);
    int plane = patchSize * patchSize;
    for (int b = 0; b < batch.size(); b++) {
      Tile t = batch.get(b);
      LabelSetRaster labels = samples.get(b).labels();
      long[] sets = labels.data();
      long universe = labels.universe();
      int base = b * classes * plane;
      for (int j = 0; j < t.height(); j++) {
        int py = t.y() - t.readY() + j;
        int rowCell = ((t.y() + j) / cellSize) * cols;
        for (int i = 0; i < t.width(); i++) {
          int px = t.x() - t.readX() + i;
          int pi = py * patchSize + px;
          long set = sets[pi];
          if (set == universe) {
            continue;
          }
          int cell = rowCell + (t.x() + i) / cellSize;
          errors[cell] += pixelError(p, base + pi, plane, classes, set);
          counts[cell]++;
        }
      }
    }
  }

  /** The error of one pixel whose class-0 probability is at {@code at}, channels {@code plane} apart. */
  private double pixelError(float[] p, int at, int plane, int classes, long set) {
    double e;
    if (head == Head.SOFTMAX) {
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        if ((set >>> k & 1) != 0) {
          sum += p[at + k * plane];
        }
      }
      e = 1 - sum;
    } else {
      double max = 0;
      for (int k = 0; k < classes; k++) {
        if ((set >>> k & 1) != 0) {
          max = Math.max(max, p[at + k * plane]);
        }
      }
      e = 1 - max;
    }
    return Math.max(0, Math.min(1, e));
  }


  /** Tiles in row-major order whose core touches a cell with annotated pixels, generated lazily. */
  private Iterator<Tile> annotatedTiles(AnnotatedArea area, int w, int h) {
    PatchGrid grid = PatchGrid.fitting(w, h, patchSize, halo);
    PatchGrid.Axis xs = grid.x();
    PatchGrid.Axis ys = grid.y();
    return new Iterator<>() {
      private int cell = 0;
      private Tile next = advance();

      private Tile advance() {
        while (cell < grid.cells()) {
          int i = grid.column(cell);
          int j = grid.row(cell);
          cell++;
          int x = (int) xs.coreStart(i);
          int y = (int) ys.coreStart(j);
          if (area.anyAnnotated(x, y, xs.coreLength(i), ys.coreLength(j))) {
            return new Tile((int) xs.patchStart(i), (int) ys.patchStart(j), x, y, xs.coreLength(i), ys.coreLength(j));
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Tile next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Tile t = next;
        next = advance();
        return t;
      }
    };
  }

  @Override
  public String toString() {
    return "ErrorMapComputer[patch " + patchSize + ", cells of " + cellSize + ", floor " + floor + ", " + head
        + " head]";
  }
}
