package io.slidestream.masks.geojson.internals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Turns the pixels of one label in a label grid into polygons with holes whose boundaries run
 * exactly along pixel edges: filling them by the pixel-centre rule gives back exactly those
 * pixels.
 *
 * <p>Boundaries are traced on the pixel-corner lattice with the label on the right-hand side
 * (image coordinates, y down), so outer boundaries come out with positive shoelace area and hole
 * boundaries negative. Where two label pixels touch only at a corner the tracer keeps them apart
 * (4-connectivity for the label, 8 for the rest); a boundary that passes such a corner twice is
 * split there into two rings, which makes every ring simple, as JTS validity requires: a pocket
 * enclosed except at one corner becomes a hole that touches its shell at a point. Each hole is
 * then given to the smallest shell that contains a label pixel next to it, which is the region
 * it was traced from (enclosing regions are larger, islands inside it lie in its own area).
 *
 * <p>Memory: the grid's size in bits for visited edges, plus the rings themselves (corner
 * vertices only).
 */
public final class LabelContours {

  private static final int E = 0;
  private static final int S = 1;
  private static final int W = 2;
  private static final int N = 3;
  private static final int[] DX = {1, 0, -1, 0};
  private static final int[] DY = {0, 1, 0, -1};

  private final byte[] labels;
  private final int width;
  private final int height;
  private final byte label;

  private LabelContours(byte[] labels, int width, int height, int label) {
    if (labels.length != (long) width * height) {
      throw new IllegalArgumentException("expected " + ((long) width * height) + " labels, got " + labels.length);
    }
    this.labels = labels;
    this.width = width;
    this.height = height;
    this.label = (byte) label;
  }

  /** A traced ring: closed vertex list on the lattice and twice its signed area. */
  record Ring(int[] xs, int[] ys, long area2) {
    Coordinate[] coordinates() {
      Coordinate[] cs = new Coordinate[xs.length + 1];
      for (int i = 0; i < xs.length; i++) {
        cs[i] = new Coordinate(xs[i], ys[i]);
      }
      cs[xs.length] = cs[0];
      return cs;
    }

    /** A pixel of the label next to this ring: below one of its eastward edges. */
    Coordinate labelPixelCentre() {
      for (int i = 0; i < xs.length; i++) {
        int j = (i + 1) % xs.length;
        if (ys[i] == ys[j] && xs[j] > xs[i]) {
          return new Coordinate(xs[i] + 0.5, ys[i] + 0.5);
        }
      }
      throw new IllegalStateException("a closed lattice ring has an eastward edge");
    }
  }

  /**
   * The polygons of all pixels equal to {@code label} in a row-major grid, in pixel-corner
   * coordinates (pixel (x, y) is the square {@code [x, x+1] × [y, y+1]}); empty if there are none.
   */
  public static MultiPolygon polygons(byte[] labels, int width, int height, int label, GeometryFactory gf) {
    LabelContours c = new LabelContours(labels, width, height, label);
    return c.assemble(c.trace(), gf);
  }

  private boolean in(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height && labels[y * width + x] == label;
  }

  List<Ring> trace() {
    List<Ring> rings = new ArrayList<>();
    long[] visited = new long[(int) (((long) width * height + 63) >>> 6)];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int i = row + x;
        if (labels[i] == label && (y == 0 || labels[i - width] != label) && (visited[i >>> 6] >>> i & 1) == 0) {
          traceFrom(x, y, visited, rings);
        }
      }
    }
    return rings;
  }

  /** Follows one boundary from the top-left corner of pixel (x, y) eastwards until it closes. */
  private void traceFrom(int x0, int y0, long[] visited, List<Ring> out) {
    IntList xs = new IntList();
    IntList ys = new IntList();
    // Corners where two label pixels meet diagonally, by lattice key, to their place in the current path.
    Map<Long, Integer> saddles = new HashMap<>();
    xs.add(x0);
    ys.add(y0);
    if (isSaddle(x0, y0)) {
      saddles.put(key(x0, y0), 0);
    }
    int x = x0;
    int y = y0;
    int d = E;
    while (true) {
      if (d == E) {
        int i = y * width + x;
        visited[i >>> 6] |= 1L << i;
      }
      x += DX[d];
      y += DY[d];
      int next = turn(x, y, d);
      if (x == x0 && y == y0 && next == E) {
        break;
      }
      if (next != d) {
        if (isSaddle(x, y)) {
          Integer first = saddles.get(key(x, y));
          if (first != null) {
            // The boundary passes this corner a second time: the loop since the first pass is a ring of its own.
            out.add(ring(xs, ys, first, xs.size()));
            for (int k = first + 1; k < xs.size(); k++) {
              saddles.remove(key(xs.get(k), ys.get(k)));
            }
            xs.truncate(first + 1);
            ys.truncate(first + 1);
          } else {
            saddles.put(key(x, y), xs.size());
            xs.add(x);
            ys.add(y);
          }
        } else {
          xs.add(x);
          ys.add(y);
        }
      }
      d = next;
    }
    out.add(ring(xs, ys, 0, xs.size()));
  }

  /** The direction to leave lattice point (x, y) after arriving in direction d, label on the right. */
  private int turn(int x, int y, int d) {
    boolean aheadRight;
    boolean aheadLeft;
    switch (d) {
      case E -> {
        aheadRight = in(x, y);
        aheadLeft = in(x, y - 1);
      }
      case S -> {
        aheadRight = in(x - 1, y);
        aheadLeft = in(x, y);
      }
      case W -> {
        aheadRight = in(x - 1, y - 1);
        aheadLeft = in(x - 1, y);
      }
      default -> {
        aheadRight = in(x, y - 1);
        aheadLeft = in(x - 1, y - 1);
      }
    }
    if (!aheadRight) {
      return (d + 1) & 3; // turn right: also at a diagonal touch, which keeps the two pixels apart
    }
    if (aheadLeft) {
      return (d + 3) & 3; // turn left
    }
    return d;
  }

  private boolean isSaddle(int x, int y) {
    boolean tl = in(x - 1, y - 1);
    boolean tr = in(x, y - 1);
    boolean bl = in(x - 1, y);
    boolean br = in(x, y);
    return tl == br && tr == bl && tl != tr;
  }

  private long key(int x, int y) {
    return (long) y * (width + 1L) + x;
  }

  private static Ring ring(IntList xs, IntList ys, int from, int to) {
    int[] rx = Arrays.copyOfRange(xs.a, from, to);
    int[] ry = Arrays.copyOfRange(ys.a, from, to);
    long a2 = 0;
    for (int i = 0; i < rx.length; i++) {
      int j = i + 1 == rx.length ? 0 : i + 1;
      a2 += (long) rx[i] * ry[j] - (long) rx[j] * ry[i];
    }
    return new Ring(rx, ry, a2);
  }

  private MultiPolygon assemble(List<Ring> rings, GeometryFactory gf) {
    List<Ring> shells = new ArrayList<>();
    List<Ring> holes = new ArrayList<>();
    for (Ring r : rings) {
      (r.area2() > 0 ? shells : holes).add(r);
    }
    LinearRing[] shellRings = new LinearRing[shells.size()];
    STRtree index = new STRtree();
    for (int s = 0; s < shells.size(); s++) {
      shellRings[s] = gf.createLinearRing(shells.get(s).coordinates());
      index.insert(shellRings[s].getEnvelopeInternal(), s);
    }
    List<List<LinearRing>> holesOf = new ArrayList<>();
    for (int s = 0; s < shells.size(); s++) {
      holesOf.add(new ArrayList<>());
    }
    IndexedPointInAreaLocator[] locators = new IndexedPointInAreaLocator[shells.size()];
    for (Ring h : holes) {
      Coordinate p = h.labelPixelCentre();
      int best = -1;
      for (Object o : index.query(new Envelope(p))) {
        int s = (Integer) o;
        if (best >= 0 && shells.get(s).area2() >= shells.get(best).area2()) {
          continue;
        }
        if (locators[s] == null) {
          locators[s] = new IndexedPointInAreaLocator(gf.createPolygon(shellRings[s]));
        }
        if (locators[s].locate(p) == Location.INTERIOR) {
          best = s;
        }
      }
      if (best < 0) {
        throw new IllegalStateException("hole at " + p + " lies in no traced region");
      }
      holesOf.get(best).add(gf.createLinearRing(h.coordinates()));
    }
    Polygon[] polygons = new Polygon[shells.size()];
    for (int s = 0; s < shells.size(); s++) {
      polygons[s] = gf.createPolygon(shellRings[s], holesOf.get(s).toArray(new LinearRing[0]));
    }
    return gf.createMultiPolygon(polygons);
  }

  /** A growable int array. */
  private static final class IntList {
    int[] a = new int[64];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int get(int i) {
      return a[i];
    }

    int size() {
      return n;
    }

    void truncate(int size) {
      n = size;
    }
  }
}
