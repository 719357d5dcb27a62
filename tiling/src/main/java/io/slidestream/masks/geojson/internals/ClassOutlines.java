package io.slidestream.masks.geojson.internals;

import io.slidestream.masks.reduced.ReducedLabelGrid;
import java.util.Arrays;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classes of a kept label grid as polygons with holes in slide level-0 pixels: each class's
 * regions traced exactly on the grid ({@link LabelContours}), simplified with JTS's
 * topology-preserving simplifier, then scaled by the grid's reduction and the mask's downsample.
 */
public final class ClassOutlines {

  private static final Logger LOG = LoggerFactory.getLogger(ClassOutlines.class);
  private static final GeometryFactory GF = new GeometryFactory();

  private final ReducedLabelGrid grid;
  private final long maskWidth;
  private final long maskHeight;
  private final double downsample;
  private final double tolerance;

  /**
   * @param maskWidth  the mask's width in mask pixels (the grid's last cells are clamped to it)
   * @param maskHeight the mask's height
   * @param downsample slide level-0 pixels per mask pixel
   * @param tolerance  Douglas–Peucker tolerance in grid cells; 0 keeps the exact outlines
   */
  public ClassOutlines(ReducedLabelGrid grid, long maskWidth, long maskHeight, double downsample, double tolerance) {
    this.grid = grid;
    this.maskWidth = maskWidth;
    this.maskHeight = maskHeight;
    this.downsample = downsample;
    this.tolerance = tolerance;
  }

  /** The labels 1..255 that occur in the grid, ascending; 0 (background) never has an outline. */
  public int[] classesPresent() {
    long[] counts = new long[256];
    for (byte b : grid.cells()) {
      counts[b & 0xff]++;
    }
    int n = 0;
    int[] present = new int[255];
    for (int c = 1; c < 256; c++) {
      if (counts[c] > 0) {
        present[n++] = c;
      }
    }
    return Arrays.copyOf(present, n);
  }

  /** The regions of {@code label}: a Polygon or MultiPolygon in level-0 pixel coordinates. */
  public Geometry outline(int label) {
    MultiPolygon exact = LabelContours.polygons(grid.cells(), grid.width(), grid.height(), label, GF);
    return toLevel0(simplify(exact, label));
  }

  /**
   * Topology-preserving simplification; should its result not be valid (it can pinch rings that
   * touch at a corner), half the tolerance is tried, three times, and then the exact outlines.
   */
  private Geometry simplify(MultiPolygon exact, int label) {
    double tol = tolerance;
    for (int attempt = 0; attempt < 4 && tol > 0; attempt++, tol /= 2) {
      // A single polygon comes back as a Polygon rather than a one-part MultiPolygon.
      Geometry s = TopologyPreservingSimplifier.simplify(exact, tol);
      if (s instanceof Polygonal && s.getNumGeometries() == exact.getNumGeometries() && IsValidOp.isValid(s)) {
        return s;
      }
      LOG.debug("class {}: simplification at tolerance {} gave an invalid outline; trying {}", label, tol, tol / 2);
    }
    return exact;
  }

  /** Cells to level-0 pixels: × reduction factor (clamped to the mask edge) × mask downsample. */
  private Geometry toLevel0(Geometry g) {
    Geometry copy = g.copy();
    double factor = grid.factor();
    double w = maskWidth;
    double h = maskHeight;
    double d = downsample;
    copy.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        seq.setOrdinate(i, 0, Math.min(seq.getX(i) * factor, w) * d);
        seq.setOrdinate(i, 1, Math.min(seq.getY(i) * factor, h) * d);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return true;
      }
    });
    return copy;
  }
}
