package io.slidestream.models.data;

import io.slidestream.annotations.LabelSetRaster;
import java.util.Objects;

/**
 * How many annotated pixels each cell of a grid over a region holds: cells of {@code cellSize}
 * working-resolution pixels (the last row and column may be cut by the region's edge), row-major.
 * Counts may be exact (known pixel by pixel, as for images in memory) or estimates (a slide's
 * annotations sampled coarsely); {@link #pixels()} tells, pixel by pixel, whether a pixel is
 * annotated, for samplers that place points inside a cell.
 */
public record AnnotatedArea(int width, int height, int cellSize, int[] counts, boolean exactCounts,
    AnnotatedPixels pixels) {

  public AnnotatedArea {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(pixels, "pixels");
    if (width < 0 || height < 0 || cellSize < 1) {
      throw new IllegalArgumentException("bad grid: " + width + "x" + height + " in cells of " + cellSize);
    }
    if (counts.length != (long) columns(width, cellSize) * columns(height, cellSize)) {
      throw new IllegalArgumentException(counts.length + " counts for a grid of " + columns(width, cellSize) + "x"
          + columns(height, cellSize) + " cells");
    }
  }

  private static int columns(int size, int cell) {
    return (size + cell - 1) / cell;
  }

  public int columns() {
    return columns(width, cellSize);
  }

  public int rows() {
    return columns(height, cellSize);
  }

  /** Annotated pixels in all cells. */
  public long total() {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  /**
   * Whether any cell overlapping the rectangle (region pixels; it may reach outside the region)
   * holds annotated pixels: a cheap test for "is this patch worth reading".
   */
  public boolean anyAnnotated(int x, int y, int width, int height) {
    int c0 = Math.max(0, x / cellSize);
    int r0 = Math.max(0, y / cellSize);
    int c1 = Math.min(columns() - 1, Math.floorDiv(x + width - 1, cellSize));
    int r1 = Math.min(rows() - 1, Math.floorDiv(y + height - 1, cellSize));
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        if (counts[r * columns() + c] > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Exact counts of the pixels of {@code labels} that are not "all classes". */
  public static AnnotatedArea of(LabelSetRaster labels, int cellSize) {
    int w = labels.width();
    int h = labels.height();
    long all = labels.universe();
    long[] sets = labels.data();
    int cols = columns(w, cellSize);
    int[] counts = new int[cols * columns(h, cellSize)];
    for (int y = 0; y < h; y++) {
      int row = (y / cellSize) * cols;
      for (int x = 0; x < w; x++) {
        if (sets[y * w + x] != all) {
          counts[row + x / cellSize]++;
        }
      }
    }
    return new AnnotatedArea(w, h, cellSize, counts, true, (x, y) -> sets[y * w + x] != all);
  }

  @Override
  public String toString() {
    return "AnnotatedArea[" + width + "x" + height + ", cells of " + cellSize + ", " + total() + " annotated"
        + (exactCounts ? "" : " (estimated)") + "]";
  }
}
