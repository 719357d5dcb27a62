package io.slidestream.images.readers.synthetic.internals;

/**
 * Deterministic randomness as a pure function of (seed, lattice point): integer hashing and the
 * smooth value noise built on it. No state, so any region of a slide can be computed alone and
 * comes out identical however it is cut.
 */
public final class HashNoise {

  private HashNoise() {}

  /** A well-mixed 64-bit hash of a seed, two coordinates and a salt that separates uses. */
  public static long hash(long seed, long x, long y, long salt) {
    long h = seed * 0x9E3779B97F4A7C15L + x * 0xC2B2AE3D27D4EB4FL + y * 0x165667B19E3779F9L + salt * 0x27D4EB2F165667C5L;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }

  /** A cheap 32-bit hash for per-pixel and per-nucleus texture decisions. */
  public static int hash32(int seed, int x, int y, int salt) {
    int h = seed ^ (x * 0x27d4eb2d) ^ (y * 0x165667b1) ^ (salt * 0x9e3779b9);
    h ^= h >>> 15;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Uniform in [0, 1) from a hash. */
  public static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Value noise in [0, 1): hashed lattice values, smoothly interpolated. */
  public static double value(long seed, double x, double y, long salt) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    long ix = (long) fx;
    long iy = (long) fy;
    double tx = smooth(x - fx);
    double ty = smooth(y - fy);
    double a = unit(hash(seed, ix, iy, salt));
    double b = unit(hash(seed, ix + 1, iy, salt));
    double c = unit(hash(seed, ix, iy + 1, salt));
    double d = unit(hash(seed, ix + 1, iy + 1, salt));
    double top = a + (b - a) * tx;
    double bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
  }

  /** Fractal sum of {@code octaves} value noises, each twice the frequency and half the weight; in [0, 1). */
  public static double fractal(long seed, double x, double y, int octaves, long salt) {
    double sum = 0;
    double weight = 0.5;
    double norm = 0;
    double f = 1;
    for (int o = 0; o < octaves; o++) {
      sum += weight * value(seed, x * f, y * f, salt + o * 101);
      norm += weight;
      weight *= 0.5;
      f *= 2.03;
    }
    return sum / norm;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }
}
