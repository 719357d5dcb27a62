package io.slidestream.models.data;

import io.slidestream.models.random.SplitMix;
import java.util.SplittableRandom;

/**
 * Patch centres uniformly over the annotated area of all regions of a source: every annotated
 * pixel is equally likely to be a centre, so regions and slides contribute in proportion to how
 * much of them is annotated. The patch is then shifted, where the region is large enough, to lie
 * inside it (so no pixel of it is invented); smaller regions are centred in the patch.
 *
 * <p>With exact counts (images in memory) the centre is an exactly uniform annotated pixel: a
 * cell is drawn in proportion to its count and the k-th annotated pixel of the cell taken. With
 * estimated counts (slides) the cell is drawn the same way and a point inside it tried up to
 * {@value #TRIES} times until it is annotated, else the last try is kept. Deterministic from the
 * seed and the index; thread-safe.
 */
public final class UniformPatchSampler implements PatchSampler {

  static final int TRIES = 32;

  private final PatchSource source;
  private final int patchWidth;
  private final int patchHeight;
  private final long seed;
  private final AnnotatedArea[] areas;
  /** Cumulative annotated counts over every cell of every region, regions in order. */
  private final long[] cumulative;
  /** Index into {@link #cumulative} of each region's first cell; one extra entry at the end. */
  private final int[] firstCell;

  public UniformPatchSampler(PatchSource source, int patchWidth, int patchHeight, long seed) {
    if (patchWidth < 1 || patchHeight < 1) {
      throw new IllegalArgumentException("invalid patch size " + patchWidth + "x" + patchHeight);
    }
    this.source = source;
    this.patchWidth = patchWidth;
    this.patchHeight = patchHeight;
    this.seed = seed;
    int regions = source.regionCount();
    areas = new AnnotatedArea[regions];
    firstCell = new int[regions + 1];
    long cells = 0;
    for (int r = 0; r < regions; r++) {
      areas[r] = source.annotatedArea(r);
      firstCell[r] = (int) cells;
      cells += areas[r].counts().length;
      if (cells > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("too many cells of annotated area: " + cells);
      }
    }
    firstCell[regions] = (int) cells;
    cumulative = new long[(int) cells];
    long total = 0;
    for (int r = 0; r < regions; r++) {
      int[] counts = areas[r].counts();
      for (int c = 0; c < counts.length; c++) {
        total += counts[c];
        cumulative[firstCell[r] + c] = total;
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException("nothing is annotated in any of the " + regions + " regions: no patch centre"
          + " to draw");
    }
  }

  /** Annotated pixels the centres are drawn from. */
  public long annotatedPixels() {
    return cumulative[cumulative.length - 1];
  }

  @Override
  public PatchRequest sample(long index) {
    SplittableRandom rng = new SplittableRandom(SplitMix.seed(seed, index));
    long t = rng.nextLong(annotatedPixels());
    int cell = firstAbove(cumulative, t);
    int region = firstAbove(firstCell, cell) - 1;
    AnnotatedArea area = areas[region];
    int local = cell - firstCell[region];
    long before = cell == 0 ? 0 : cumulative[cell - 1];
    int x0 = (local % area.columns()) * area.cellSize();
    int y0 = (local / area.columns()) * area.cellSize();
    int cw = Math.min(area.cellSize(), area.width() - x0);
    int ch = Math.min(area.cellSize(), area.height() - y0);
    int cx;
    int cy;
    if (area.exactCounts()) {
      long k = t - before;
      int found = -1;
      for (int i = 0; i < cw * ch && found < 0; i++) {
        if (area.pixels().isAnnotated(x0 + i % cw, y0 + i / cw) && k-- == 0) {
          found = i;
        }
      }
      if (found < 0) {
        throw new IllegalStateException("cell " + local + " of region " + source.regionId(region) + " counts "
            + area.counts()[local] + " annotated pixels but fewer are");
      }
      cx = x0 + found % cw;
      cy = y0 + found / cw;
    } else {
      cx = x0 + rng.nextInt(cw);
      cy = y0 + rng.nextInt(ch);
      for (int i = 1; i < TRIES && !area.pixels().isAnnotated(cx, cy); i++) {
        cx = x0 + rng.nextInt(cw);
        cy = y0 + rng.nextInt(ch);
      }
    }
    return new PatchRequest(region, place(cx, patchWidth, area.width()), place(cy, patchHeight, area.height()),
        patchWidth, patchHeight);
  }

  /** The first index whose value exceeds {@code v} (values non-decreasing). */
  static int firstAbove(long[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] > v) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static int firstAbove(int[] a, int v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] > v) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Top-left coordinate of a patch of {@code size} centred at {@code centre}, kept inside {@code 0..extent}. */
  static int place(int centre, int size, int extent) {
    if (extent >= size) {
      return Math.min(Math.max(centre - size / 2, 0), extent - size);
    }
    return -(size - extent) / 2;
  }


  @Override
  public String toString() {
    return "UniformPatchSampler[" + patchWidth + "x" + patchHeight + ", seed " + seed + ", " + annotatedPixels()
        + " annotated pixels in " + areas.length + " regions]";
  }
}
