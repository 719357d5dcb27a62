package io.slidestream.images.readers.synthetic.internals;

/**
 * Walls between large round cells (fat): a Voronoi partition of seeds jittered one per grid cell,
 * a point being on a wall where its nearest and second-nearest seeds are almost equally far. The
 * nine seeds around the current grid cell are cached while consecutive pixels stay in it. Not
 * thread-safe: one per render.
 */
final class CellWalls {

  private final int seed;
  private final int salt;
  private final int shift;
  private final int[] sx = new int[9];
  private final int[] sy = new int[9];
  private int cachedX = Integer.MIN_VALUE;
  private int cachedY = Integer.MIN_VALUE;

  CellWalls(int seed, int salt, int cellPx) {
    this.seed = seed;
    this.salt = salt;
    this.shift = Integer.numberOfTrailingZeros(cellPx) + 4;
  }

  /** The gap between the distances to the two nearest seeds, in texture units (1/16 px). */
  int gap(int u, int v) {
    int gx = u >> shift;
    int gy = v >> shift;
    if (gx != cachedX || gy != cachedY) {
      cachedX = gx;
      cachedY = gy;
      int k = 0;
      for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
          int h = HashNoise.hash32(seed, gx + i, gy + j, salt);
          // Seeds kept off the cell border make the cells rounder, like adipocytes.
          sx[k] = ((gx + i) << shift) + (((64 + (h & 0x7f)) << shift) >> 8);
          sy[k] = ((gy + j) << shift) + (((64 + ((h >>> 8) & 0x7f)) << shift) >> 8);
          k++;
        }
      }
    }
    long f1 = Long.MAX_VALUE;
    long f2 = Long.MAX_VALUE;
    for (int k = 0; k < 9; k++) {
      long dx = u - sx[k];
      long dy = v - sy[k];
      long d = dx * dx + dy * dy;
      if (d < f1) {
        f2 = f1;
        f1 = d;
      } else if (d < f2) {
        f2 = d;
      }
    }
    return (int) (Math.sqrt(f2) - Math.sqrt(f1));
  }
}
