package io.slidestream.images.readers.synthetic.internals;

import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Which pixels of a grid lie inside a polygon (holes respected, even-odd rule), judged at pixel
 * centres, by scanlines: no point-in-polygon test per pixel. Pixel (i, j) has its centre at
 * (originX + i·step, originY + j·step) in the polygon's coordinates; a centre exactly on the
 * left edge of a span is inside, on the right edge outside, so neighbouring polygons never share
 * a pixel.
 */
public final class PolygonRasterizer {

  /** Receives each inside pixel. */
  @FunctionalInterface
  public interface PixelVisitor {
    void inside(int i, int j);
  }

  private final double[] xs;
  private final double[] ys;
  private final int[] ringEnds;
  private double[] crossings = new double[16];

  public PolygonRasterizer(Polygon polygon) {
    int rings = polygon.getNumInteriorRing() + 1;
    int n = 0;
    for (int r = 0; r < rings; r++) {
      n += ring(polygon, r).getNumPoints();
    }
    xs = new double[n];
    ys = new double[n];
    ringEnds = new int[rings];
    int k = 0;
    for (int r = 0; r < rings; r++) {
      for (Coordinate c : ring(polygon, r).getCoordinates()) {
        xs[k] = c.x;
        ys[k] = c.y;
        k++;
      }
      ringEnds[r] = k;
    }
  }

  private static LineString ring(Polygon p, int r) {
    return r == 0 ? p.getExteriorRing() : p.getInteriorRingN(r - 1);
  }

  /** Visits the inside pixels of the {@code w × h} grid. */
  public void scan(double originX, double originY, double step, int w, int h, PixelVisitor visitor) {
    for (int j = 0; j < h; j++) {
      double yc = originY + j * step;
      int n = crossingsAt(yc);
      for (int k = 0; k + 1 < n; k += 2) {
        int from = Math.max(0, (int) Math.ceil((crossings[k] - originX) / step));
        int to = Math.min(w, (int) Math.ceil((crossings[k + 1] - originX) / step));
        for (int i = from; i < to; i++) {
          visitor.inside(i, j);
        }
      }
    }
  }

  /** Sets {@code value} in {@code out} (row stride {@code w}) at every inside pixel. */
  public void fill(double originX, double originY, double step, int w, int h, byte[] out, byte value) {
    for (int j = 0; j < h; j++) {
      double yc = originY + j * step;
      int n = crossingsAt(yc);
      for (int k = 0; k + 1 < n; k += 2) {
        int from = Math.max(0, (int) Math.ceil((crossings[k] - originX) / step));
        int to = Math.min(w, (int) Math.ceil((crossings[k + 1] - originX) / step));
        if (from < to) {
          Arrays.fill(out, j * w + from, j * w + to, value);
        }
      }
    }
  }

  /** Sorted x where the horizontal line at y crosses an edge (half-open in y, so vertices count once). */
  private int crossingsAt(double y) {
    int n = 0;
    int start = 0;
    for (int end : ringEnds) {
      for (int k = start; k + 1 < end; k++) {
        double y1 = ys[k];
        double y2 = ys[k + 1];
        if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) {
          if (n == crossings.length) {
            crossings = Arrays.copyOf(crossings, n * 2);
          }
          crossings[n++] = xs[k] + (y - y1) * (xs[k + 1] - xs[k]) / (y2 - y1);
        }
      }
      start = end;
    }
    Arrays.sort(crossings, 0, n);
    return n;
  }
}
