package io.slidestream.images.readers.synthetic.internals;

/**
 * Value noise on a lattice of a power-of-two number of reference pixels, in fixed point: the four
 * lattice values are cached while consecutive pixels stay in one lattice cell, so a pixel costs a
 * few multiplications. Not thread-safe: one per render.
 */
final class SmoothField {

  private final int seed;
  private final int salt;
  private final int shift;
  private int cachedX = Integer.MIN_VALUE;
  private int cachedY = Integer.MIN_VALUE;
  private int a;
  private int b;
  private int c;
  private int d;

  /** @param latticePx lattice spacing in reference pixels, a power of two */
  SmoothField(int seed, int salt, int latticePx) {
    this.seed = seed;
    this.salt = salt;
    this.shift = Integer.numberOfTrailingZeros(latticePx) + 4;
  }

  /** 0..4095 at texture coordinates (1/16 reference pixel). */
  int at(int u, int v) {
    int lx = u >> shift;
    int ly = v >> shift;
    if (lx != cachedX || ly != cachedY) {
      cachedX = lx;
      cachedY = ly;
      a = HashNoise.hash32(seed, lx, ly, salt) & 0xfff;
      b = HashNoise.hash32(seed, lx + 1, ly, salt) & 0xfff;
      c = HashNoise.hash32(seed, lx, ly + 1, salt) & 0xfff;
      d = HashNoise.hash32(seed, lx + 1, ly + 1, salt) & 0xfff;
    }
    int mask = (1 << shift) - 1;
    int tx = smooth(((u & mask) << 10) >> shift);
    int ty = smooth(((v & mask) << 10) >> shift);
    int top = a + ((b - a) * tx >> 10);
    int bottom = c + ((d - c) * tx >> 10);
    return top + ((bottom - top) * ty >> 10);
  }

  /** Smoothstep on 0..1024. */
  private static int smooth(int t) {
    return (int) ((long) t * t * (3072 - 2 * t) >> 20);
  }
}
