package io.slidestream.annotations.internals;

import io.slidestream.annotations.RegionRequest;
import java.util.Arrays;

/**
 * Fills polygons into a tile of label sets by the pixel-centre rule with the even–odd rule over
 * all rings, which is exactly "inside the shell and outside every hole" for valid polygons and
 * multipolygons. Per polygon it buckets each edge's crossings with the tile's row centres (a
 * difference array gives the rows of each edge in O(1)), sorts each row's crossings and fills the
 * spans with {@link Arrays#fill}: no per-pixel point-in-polygon test and no objects per pixel.
 *
 * <p>A pixel whose centre lies exactly on a boundary is inside on a left or top edge and outside
 * on a right or bottom edge, so polygons that share an edge never both claim a pixel and a
 * rectangle {@code [a, b) × [c, d)} on pixel edges covers exactly its {@code (b−a)(d−c)} pixels.
 *
 * <p>Not thread-safe: it keeps scratch arrays between calls; use one per thread or per call.
 */
public final class ScanlineFill {

  private int[] rowCount = new int[0];
  private int[] rowNext = new int[0];
  private int[] edgeScratch = new int[0];
  private int[] edgeRows = new int[0];
  private double[] crossings = new double[0];

  /** Sets every pixel of {@code out} (a {@code region.width() × region.height()} array) whose centre is inside {@code polygon} to {@code value}. */
  public void fill(FlatPolygon polygon, RegionRequest region, long[] out, long value) {
    int w = region.width();
    int h = region.height();
    if (w == 0 || h == 0) {
      return;
    }
    double x0 = region.x();
    double y0 = region.y();
    double d = region.downsample();
    if (edgeScratch.length < polygon.edgeCount()) {
      edgeScratch = new int[polygon.edgeCount()];
      edgeRows = new int[2 * polygon.edgeCount()];
    }
    if (rowCount.length < h + 1) {
      rowCount = new int[h + 1];
      rowNext = new int[h + 1];
    }
    int n = polygon.collectEdges(y0, region.maxY(), edgeScratch);
    double[] xs = polygon.xs;
    double[] ys = polygon.ys;
    Arrays.fill(rowCount, 0, h + 1, 0);
    int kept = 0;
    for (int e = 0; e < n; e++) {
      int k = edgeScratch[e];
      double ya = ys[k];
      double yb = ys[k + 1];
      int first = firstRowAtOrBelow(Math.min(ya, yb), y0, d, h);
      int end = firstRowAtOrBelow(Math.max(ya, yb), y0, d, h);
      if (first < end) {
        edgeScratch[kept] = k;
        edgeRows[2 * kept] = first;
        edgeRows[2 * kept + 1] = end;
        kept++;
        rowCount[first]++;
        rowCount[end]--;
      }
    }
    if (kept == 0) {
      return;
    }
    // Difference array to counts, then counts to start offsets.
    int total = 0;
    int running = 0;
    for (int j = 0; j < h; j++) {
      running += rowCount[j];
      rowNext[j] = total;
      rowCount[j] = running;
      total += running;
    }
    if (crossings.length < total) {
      crossings = new double[Math.max(total, crossings.length * 2)];
    }
    for (int e = 0; e < kept; e++) {
      int k = edgeScratch[e];
      // Always interpolate from the lower vertex so that the crossing does not depend on ring direction.
      int lo = ys[k] < ys[k + 1] ? k : k + 1;
      int hi = lo == k ? k + 1 : k;
      double xl = xs[lo];
      double yl = ys[lo];
      double slope = (xs[hi] - xl) / (ys[hi] - yl);
      for (int j = edgeRows[2 * e], end = edgeRows[2 * e + 1]; j < end; j++) {
        double yc = y0 + (j + 0.5) * d;
        double xc = xl + (yc - yl) * slope;
        crossings[rowNext[j]++] = (xc - x0) / d - 0.5;
      }
    }
    int start = 0;
    for (int j = 0; j < h; j++) {
      int count = rowCount[j];
      if (count > 1) {
        sort(crossings, start, start + count);
        int row = j * w;
        for (int c = start; c + 1 < start + count; c += 2) {
          int a = firstColumn(crossings[c], w);
          int b = firstColumn(crossings[c + 1], w);
          if (a < b) {
            Arrays.fill(out, row + a, row + b, value);
          }
        }
      }
      start += count;
    }
  }

  /** The first row whose centre {@code y0 + (j+½)d} is at or below {@code y}, clamped to {@code [0, h]}. */
  private static int firstRowAtOrBelow(double y, double y0, double d, int h) {
    double j = Math.ceil((y - y0) / d - 0.5);
    return j <= 0 ? 0 : j >= h ? h : (int) j;
  }

  /** The first column whose centre is at or right of crossing {@code u} (in column units, centre-relative). */
  private static int firstColumn(double u, int w) {
    double i = Math.ceil(u);
    return i <= 0 ? 0 : i >= w ? w : (int) i;
  }

  private static void sort(double[] a, int from, int to) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) {
        double v = a[i];
        int j = i - 1;
        while (j >= from && a[j] > v) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
    } else {
      Arrays.sort(a, from, to);
    }
  }
}
