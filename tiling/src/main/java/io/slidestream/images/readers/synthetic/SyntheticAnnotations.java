package io.slidestream.images.readers.synthetic;

import io.slidestream.images.readers.synthetic.internals.HashNoise;
import io.slidestream.images.readers.synthetic.internals.PolygonRasterizer;
import io.slidestream.images.readers.synthetic.internals.TissueMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Simulated sparse annotations of a synthetic slide, as a pathologist might draw them: in every
 * cell of a grid the size of the tissue regions, a few blobs and brush strokes are tried at hashed
 * places; one is kept only if every class cell it touches has its class (so it lies strictly
 * inside a region of that class and within the slide). Nests of the rare class get a small blob of
 * their own. Like the slide, the annotations of a grid cell are a pure function of the spec, so
 * they can be produced cell by cell, streaming, for any slide size.
 */
public final class SyntheticAnnotations {

  private static final int CANDIDATES = 8;
  private static final int MAX_PER_CELL = 3;
  private static final long SALT = 501;

  private final SyntheticSlide slide;
  private final TissueMap map;
  private final GeometryFactory geometry = new GeometryFactory();
  private final double grid;
  private final double umToPx;
  private final double maxExtent;

  public SyntheticAnnotations(SyntheticSlide slide) {
    this.slide = slide;
    this.map = slide.renderer().map();
    this.grid = map.regionSize();
    this.umToPx = 1 / slide.spec().micronsPerPixel();
    // A stroke of 5 steps of at most 70 µm plus its half width is the farthest any shape reaches.
    this.maxExtent = (5 * 70 + 10) * umToPx;
  }

  public long gridColumns() {
    return (long) Math.ceil(slide.spec().width() / grid);
  }

  public long gridRows() {
    return (long) Math.ceil(slide.spec().height() / grid);
  }

  /** Every annotation of the slide, grid cell by grid cell, without holding them all. */
  public void forEach(Consumer<SyntheticAnnotation> sink) {
    for (long gy = 0; gy < gridRows(); gy++) {
      for (long gx = 0; gx < gridColumns(); gx++) {
        inGridCell(gx, gy).forEach(sink);
      }
    }
  }

  /** The annotations whose outline may meet the level-0 rectangle. */
  public List<SyntheticAnnotation> near(Envelope region) {
    List<SyntheticAnnotation> out = new ArrayList<>();
    long gx0 = Math.max(0, (long) Math.floor((region.getMinX() - maxExtent) / grid));
    long gy0 = Math.max(0, (long) Math.floor((region.getMinY() - maxExtent) / grid));
    long gx1 = Math.min(gridColumns() - 1, (long) Math.floor((region.getMaxX() + maxExtent) / grid));
    long gy1 = Math.min(gridRows() - 1, (long) Math.floor((region.getMaxY() + maxExtent) / grid));
    for (long gy = gy0; gy <= gy1; gy++) {
      for (long gx = gx0; gx <= gx1; gx++) {
        for (SyntheticAnnotation a : inGridCell(gx, gy)) {
          if (a.polygon().getEnvelopeInternal().intersects(region)) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /** The annotations started in grid cell (gx, gy): at most {@value #MAX_PER_CELL} plus rare-nest blobs. */
  public List<SyntheticAnnotation> inGridCell(long gx, long gy) {
    long seed = slide.spec().seed();
    List<SyntheticAnnotation> kept = new ArrayList<>();
    int glass = 0;
    for (int k = 0; k < CANDIDATES && kept.size() < MAX_PER_CELL; k++) {
      long h = HashNoise.hash(seed, gx, gy, SALT + k);
      double cx = (gx + HashNoise.unit(h)) * grid;
      double cy = (gy + HashNoise.unit(HashNoise.hash(seed, gx, gy, SALT + 100 + k))) * grid;
      if (cx >= slide.spec().width() || cy >= slide.spec().height()) {
        continue;
      }
      int cls = slide.classAt((long) cx, (long) cy);
      if (cls == SyntheticClasses.GLASS && glass++ > 0) {
        continue; // one glass annotation a cell is plenty: glass is the easy class
      }
      long shapeHash = HashNoise.hash(seed, gx, gy, SALT + 200 + k);
      Polygon p = (shapeHash & 1) == 0 ? blob(cx, cy, (40 + 70 * HashNoise.unit(shapeHash)) * umToPx, shapeHash)
          : stroke(cx, cy, shapeHash);
      if (p != null && liesWithin(p, cls)) {
        kept.add(new SyntheticAnnotation(id(gx, gy, k), cls, p));
      }
    }
    if (map.hasRareClass()) {
      addRareNestBlobs(gx, gy, kept);
    }
    return kept;
  }

  /** A small blob at the centre of each rare nest whose centre falls in this grid cell. */
  private void addRareNestBlobs(long gx, long gy, List<SyntheticAnnotation> kept) {
    double rg = map.rareGrid();
    long rx0 = (long) Math.floor(gx * grid / rg) - 1;
    long ry0 = (long) Math.floor(gy * grid / rg) - 1;
    long rx1 = (long) Math.floor((gx + 1) * grid / rg) + 1;
    long ry1 = (long) Math.floor((gy + 1) * grid / rg) + 1;
    for (long ry = ry0; ry <= ry1; ry++) {
      for (long rx = rx0; rx <= rx1; rx++) {
        double[] nest = map.rareNest(rx, ry);
        if (Math.floor(nest[0] / grid) != gx || Math.floor(nest[1] / grid) != gy) {
          continue;
        }
        if (nest[0] >= slide.spec().width() || nest[1] >= slide.spec().height()
            || slide.classAt((long) nest[0], (long) nest[1]) != SyntheticClasses.CARCINOMA_IN_SITU) {
          continue;
        }
        long h = HashNoise.hash(slide.spec().seed(), rx, ry, SALT + 300);
        Polygon p = blob(nest[0], nest[1], 0.4 * nest[2], h);
        if (liesWithin(p, SyntheticClasses.CARCINOMA_IN_SITU)) {
          kept.add(new SyntheticAnnotation(id(rx, ry, -1), SyntheticClasses.CARCINOMA_IN_SITU, p));
        }
      }
    }
  }

  private String id(long a, long b, int k) {
    String key = "synthetic-annotation/" + slide.spec().seed() + "/" + a + "/" + b + "/" + k;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A lobed, star-shaped outline (always a simple polygon). */
  private Polygon blob(double cx, double cy, double radius, long h) {
    int n = 28;
    double p1 = HashNoise.unit(HashNoise.hash(h, 1, 0, 0)) * 2 * Math.PI;
    double p2 = HashNoise.unit(HashNoise.hash(h, 2, 0, 0)) * 2 * Math.PI;
    double stretch = 0.6 + 0.4 * HashNoise.unit(HashNoise.hash(h, 3, 0, 0));
    double turn = HashNoise.unit(HashNoise.hash(h, 4, 0, 0)) * Math.PI;
    Coordinate[] ring = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      double r = radius * (1 + 0.22 * Math.sin(2 * t + p1) + 0.1 * Math.sin(3 * t + p2));
      double ex = r * Math.cos(t);
      double ey = r * Math.sin(t) * stretch;
      ring[i] = new Coordinate(cx + ex * Math.cos(turn) - ey * Math.sin(turn), cy + ex * Math.sin(turn) + ey * Math.cos(turn));
    }
    ring[n] = ring[0];
    return geometry.createPolygon(ring);
  }

  /** A brush stroke: a wandering polyline of 5 steps, widened. */
  private Polygon stroke(double cx, double cy, long h) {
    double step = (40 + 30 * HashNoise.unit(HashNoise.hash(h, 5, 0, 0))) * umToPx;
    double width = (8 + 12 * HashNoise.unit(HashNoise.hash(h, 6, 0, 0))) * umToPx;
    double dir = HashNoise.unit(HashNoise.hash(h, 7, 0, 0)) * 2 * Math.PI;
    Coordinate[] pts = new Coordinate[6];
    pts[0] = new Coordinate(cx, cy);
    for (int i = 1; i < pts.length; i++) {
      dir += (HashNoise.unit(HashNoise.hash(h, 8, i, 0)) - 0.5) * Math.PI / 2.5;
      pts[i] = new Coordinate(pts[i - 1].x + step * Math.cos(dir), pts[i - 1].y + step * Math.sin(dir));
    }
    LineString line = geometry.createLineString(pts);
    Geometry g = line.buffer(width / 2, 4);
    return g instanceof Polygon p && !p.isEmpty() ? p : null;
  }

  /**
   * True when every class cell that the polygon touches has class {@code cls} and the polygon is
   * inside the slide. A cell touching the polygon has its centre within half a cell diagonal
   * (5.66 px) of it, so scanning cell centres inside the polygon widened by 6 px finds them all.
   */
  private boolean liesWithin(Polygon p, int cls) {
    Envelope e = p.getEnvelopeInternal();
    if (e.getMinX() < 0 || e.getMinY() < 0 || e.getMaxX() >= slide.spec().width() || e.getMaxY() >= slide.spec().height()) {
      return false;
    }
    Geometry widened = p.buffer(6.0, 8);
    if (!(widened instanceof Polygon wp)) {
      return false;
    }
    int cell = TissueMap.CELL;
    Envelope we = wp.getEnvelopeInternal();
    long cx0 = (long) Math.floor(we.getMinX() / cell);
    long cy0 = (long) Math.floor(we.getMinY() / cell);
    int w = (int) ((long) Math.floor(we.getMaxX() / cell) - cx0 + 1);
    int h = (int) ((long) Math.floor(we.getMaxY() / cell) - cy0 + 1);
    boolean[] ok = {true};
    new PolygonRasterizer(wp).scan(cx0 * cell + cell / 2.0, cy0 * cell + cell / 2.0, cell, w, h, (i, j) -> {
      if (ok[0] && map.cellClass(cx0 + i, cy0 + j) != cls) {
        ok[0] = false;
      }
    });
    return ok[0];
  }
}
