package io.slidestream.masks.reduced;

import io.slidestream.images.LabelRaster;

/**
 * A bounded copy of a slide's label mask, filled tile by tile: the mask shrunk by a whole factor
 * {@code r} so that its longer side is at most {@code maxSide}, one byte a cell, so memory is at
 * most {@code maxSide²} bytes whatever the slide. Cell (i, j) takes the mask pixel at the centre
 * of the {@code r × r} block it stands for, {@code (i·r + r/2, j·r + r/2)} (clamped into the mask
 * for the last, partial block): nearest-neighbour sampling, so a tile fills exactly the cells
 * whose sample falls inside it, and tiles can arrive in any order.
 */
public final class ReducedLabelGrid {

  private final long maskWidth;
  private final long maskHeight;
  private final int factor;
  private final int width;
  private final int height;
  private final byte[] cells;

  public ReducedLabelGrid(long maskWidth, long maskHeight, int maxSide) {
    if (maskWidth <= 0 || maskHeight <= 0) {
      throw new IllegalArgumentException("mask size must be positive: " + maskWidth + "x" + maskHeight);
    }
    if (maxSide < 1 || (long) maxSide * maxSide > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxSide must be in 1..46340, got " + maxSide);
    }
    long longest = Math.max(maskWidth, maskHeight);
    long r = Math.max(1, (longest + maxSide - 1) / maxSide);
    if (r > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("mask " + maskWidth + "x" + maskHeight + " too large");
    }
    this.maskWidth = maskWidth;
    this.maskHeight = maskHeight;
    this.factor = (int) r;
    this.width = (int) ((maskWidth + r - 1) / r);
    this.height = (int) ((maskHeight + r - 1) / r);
    this.cells = new byte[width * height];
  }

  /** Mask pixels per cell along each axis. */
  public int factor() {
    return factor;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The cells, row-major; label 0 where no tile was written. */
  public byte[] cells() {
    return cells;
  }

  /** The mask pixel a cell samples along one axis. */
  public long sample(int cell, long maskSize) {
    return Math.min((long) cell * factor + factor / 2, maskSize - 1);
  }

  /** Copies in the cells whose sample pixel lies in the tile at mask pixel ({@code x0}, {@code y0}). */
  public void put(long x0, long y0, LabelRaster tile) {
    int tw = tile.width();
    int th = tile.height();
    if (x0 < 0 || y0 < 0 || x0 + tw > maskWidth || y0 + th > maskHeight) {
      throw new IndexOutOfBoundsException("tile " + tw + "x" + th + " at (" + x0 + ", " + y0 + ") outside the "
          + maskWidth + "x" + maskHeight + " mask");
    }
    byte[] src = tile.data();
    if (factor == 1) {
      for (int j = 0; j < th; j++) {
        System.arraycopy(src, j * tw, cells, (int) ((y0 + j) * width + x0), tw);
      }
      return;
    }
    int i0 = firstCell(x0);
    int j0 = firstCell(y0);
    for (int j = j0; j < height; j++) {
      long sy = sample(j, maskHeight);
      if (sy >= y0 + th) {
        break;
      }
      if (sy < y0) {
        continue;
      }
      int srcRow = (int) (sy - y0) * tw;
      int dstRow = j * width;
      for (int i = i0; i < width; i++) {
        long sx = sample(i, maskWidth);
        if (sx >= x0 + tw) {
          break;
        }
        if (sx >= x0) {
          cells[dstRow + i] = src[srcRow + (int) (sx - x0)];
        }
      }
    }
  }

  /** The first cell whose sample may be at or after mask pixel {@code p}. */
  private int firstCell(long p) {
    long i = (p - factor / 2 + factor - 1) / factor;
    return (int) Math.max(0, Math.min(i - 1, Integer.MAX_VALUE));
  }
}
