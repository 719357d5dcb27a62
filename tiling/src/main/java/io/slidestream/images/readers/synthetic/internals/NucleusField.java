package io.slidestream.images.readers.synthetic.internals;

/**
 * Round nuclei scattered one per grid cell (or none): each cell's hash places a nucleus anywhere
 * in the cell with a radius under half the cell, so a point can only be reached by its own cell
 * and the three neighbours on its side: four hashes a pixel, whatever the density. Coordinates
 * are texture units, 1/16 of a reference pixel (0.5 µm).
 */
final class NucleusField {

  private final int seed;
  private final int salt;
  private final int cellShift;
  private final int half;
  private final int probability;
  private final int rMin;
  private final int rSpan;

  /**
   * @param cellPx      cell side in reference pixels, a power of two
   * @param probability chance (of 256) that a cell holds a nucleus
   * @param rMinPx      smallest radius in reference pixels
   * @param rMaxPx      largest radius; plus half a pixel of soft edge it must stay under half a cell
   */
  NucleusField(int seed, int salt, int cellPx, int probability, double rMinPx, double rMaxPx) {
    if (Integer.bitCount(cellPx) != 1 || rMaxPx + 0.5 >= cellPx / 2.0) {
      throw new IllegalArgumentException("nuclei must fit in half a power-of-two cell");
    }
    this.seed = seed;
    this.salt = salt;
    this.cellShift = Integer.numberOfTrailingZeros(cellPx) + 4;
    this.half = 1 << (cellShift - 1);
    this.probability = probability;
    this.rMin = (int) Math.round(rMinPx * 16);
    this.rSpan = (int) Math.round((rMaxPx - rMinPx) * 16);
  }

  /**
   * Coverage of the point by a nucleus, 0..255 in the low byte (soft over one pixel at the rim),
   * and that nucleus's own 0..255 variation in the second byte; 0 when no nucleus covers it.
   */
  int at(int u, int v) {
    int cx = u >> cellShift;
    int cy = v >> cellShift;
    int nx = (u & ((1 << cellShift) - 1)) < half ? cx - 1 : cx + 1;
    int ny = (v & ((1 << cellShift) - 1)) < half ? cy - 1 : cy + 1;
    int best = disc(u, v, cx, cy);
    if ((best & 0xff) == 255) {
      return best;
    }
    best = stronger(best, disc(u, v, nx, cy));
    best = stronger(best, disc(u, v, cx, ny));
    return stronger(best, disc(u, v, nx, ny));
  }

  private static int stronger(int a, int b) {
    return (b & 0xff) > (a & 0xff) ? b : a;
  }

  private int disc(int u, int v, int cx, int cy) {
    int h = HashNoise.hash32(seed, cx, cy, salt);
    if ((h & 0xff) >= probability) {
      return 0;
    }
    int r = rMin + (((h >>> 8) & 0xff) * rSpan >> 8);
    int px = (cx << cellShift) + ((((h >>> 16) & 0xff) << cellShift) >> 8);
    int py = (cy << cellShift) + ((((h >>> 24) & 0xff) << cellShift) >> 8);
    int dx = u - px;
    int dy = v - py;
    int d2 = dx * dx + dy * dy;
    int outer = r + 8;
    if (d2 >= outer * outer) {
      return 0;
    }
    int inner = r - 8;
    int cover = d2 <= inner * inner ? 255 : (int) ((outer - Math.sqrt(d2)) * (255 / 16.0));
    int variation = (h >>> 4) & 0xff;
    return Math.max(1, Math.min(255, cover)) | variation << 8;
  }
}
