package io.slidestream.annotations.internals;

import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;

/**
 * A polygon or multipolygon (with holes) flattened into primitive arrays of level-0 vertex
 * coordinates, ready for scanline filling many times without touching JTS objects. Every ring is
 * stored closed. Non-horizontal edges are listed by their first vertex; polygons with many edges
 * also get an index of edges by horizontal band, so that a tile crossing a large region (a whole
 * tissue outline) visits only the edges near its rows.
 */
public final class FlatPolygon {

  /** Below this many edges a band index costs more than it saves. */
  private static final int INDEX_THRESHOLD = 128;
  /** Edges per band aimed at. */
  private static final int EDGES_PER_BAND = 16;
  private static final int MAX_BANDS = 4096;

  final double[] xs;
  final double[] ys;
  /** First vertex of each non-horizontal edge (the edge runs to the next vertex). */
  final int[] edges;
  private final double minX;
  private final double minY;
  private final double maxX;
  private final double maxY;
  private final int rings;
  // Band index (null below the threshold): edges of band b are bandEdges[bandStart[b] .. bandStart[b+1]).
  private final int[] bandStart;
  private final int[] bandEdges;
  private final double bandHeight;
  private final int bands;

  private FlatPolygon(double[] xs, double[] ys, int[] edges, int rings) {
    this.xs = xs;
    this.ys = ys;
    this.edges = edges;
    this.rings = rings;
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < xs.length; i++) {
      x0 = Math.min(x0, xs[i]);
      y0 = Math.min(y0, ys[i]);
      x1 = Math.max(x1, xs[i]);
      y1 = Math.max(y1, ys[i]);
    }
    minX = x0;
    minY = y0;
    maxX = x1;
    maxY = y1;
    if (edges.length >= INDEX_THRESHOLD && y1 > y0) {
      bands = Math.min(MAX_BANDS, edges.length / EDGES_PER_BAND);
      bandHeight = (y1 - y0) / bands;
      bandStart = new int[bands + 1];
      for (int k : edges) {
        for (int b = band(Math.min(ys[k], ys[k + 1])), e = band(Math.max(ys[k], ys[k + 1])); b <= e; b++) {
          bandStart[b + 1]++;
        }
      }
      for (int b = 0; b < bands; b++) {
        bandStart[b + 1] += bandStart[b];
      }
      bandEdges = new int[bandStart[bands]];
      int[] next = bandStart.clone();
      for (int k : edges) {
        for (int b = band(Math.min(ys[k], ys[k + 1])), e = band(Math.max(ys[k], ys[k + 1])); b <= e; b++) {
          bandEdges[next[b]++] = k;
        }
      }
    } else {
      bands = 0;
      bandHeight = 0;
      bandStart = null;
      bandEdges = null;
    }
  }

  /** Flattens a Polygon or MultiPolygon. */
  public static FlatPolygon of(Geometry polygonal) {
    if (!(polygonal instanceof Polygonal)) {
      throw new IllegalArgumentException("not a polygon or multipolygon: " + polygonal.getGeometryType());
    }
    int vertices = 0;
    int ringCount = 0;
    for (int i = 0; i < polygonal.getNumGeometries(); i++) {
      Polygon p = (Polygon) polygonal.getGeometryN(i);
      vertices += p.getExteriorRing().getNumPoints();
      ringCount++;
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        vertices += p.getInteriorRingN(h).getNumPoints();
        ringCount++;
      }
    }
    double[] xs = new double[vertices];
    double[] ys = new double[vertices];
    int[] edges = new int[vertices];
    int[] counts = new int[2]; // vertices written, edges written
    for (int i = 0; i < polygonal.getNumGeometries(); i++) {
      Polygon p = (Polygon) polygonal.getGeometryN(i);
      addRing(p.getExteriorRing(), xs, ys, edges, counts);
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        addRing(p.getInteriorRingN(h), xs, ys, edges, counts);
      }
    }
    return new FlatPolygon(xs, ys, Arrays.copyOf(edges, counts[1]), ringCount);
  }

  private static void addRing(LinearRing ring, double[] xs, double[] ys, int[] edges, int[] counts) {
    int start = counts[0];
    Coordinate[] cs = ring.getCoordinates();
    for (int i = 0; i < cs.length; i++) {
      xs[start + i] = cs[i].x;
      ys[start + i] = cs[i].y;
    }
    for (int i = 0; i + 1 < cs.length; i++) {
      if (cs[i].y != cs[i + 1].y) {
        edges[counts[1]++] = start + i;
      }
    }
    counts[0] = start + cs.length;
  }

  private int band(double y) {
    int b = (int) ((y - minY) / bandHeight);
    return Math.max(0, Math.min(bands - 1, b));
  }

  /**
   * Writes into {@code out} the edges that may cross level-0 rows in {@code [y0, y1]}, each once,
   * and returns how many; {@code out} must hold {@link #edgeCount()} entries.
   */
  int collectEdges(double y0, double y1, int[] out) {
    if (bandStart == null) {
      System.arraycopy(edges, 0, out, 0, edges.length);
      return edges.length;
    }
    if (y1 < minY || y0 > maxY) {
      return 0;
    }
    int first = band(y0);
    int last = band(y1);
    int n = 0;
    for (int b = first; b <= last; b++) {
      for (int i = bandStart[b]; i < bandStart[b + 1]; i++) {
        int k = bandEdges[i];
        // An edge spanning several bands is listed in each; take it in the first band the query sees.
        if (Math.max(band(Math.min(ys[k], ys[k + 1])), first) == b) {
          out[n++] = k;
        }
      }
    }
    return n;
  }

  public int edgeCount() {
    return edges.length;
  }

  public int ringCount() {
    return rings;
  }

  public int vertexCount() {
    return xs.length;
  }

  public double minX() {
    return minX;
  }

  public double minY() {
    return minY;
  }

  public double maxX() {
    return maxX;
  }

  public double maxY() {
    return maxY;
  }
}
