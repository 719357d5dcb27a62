package io.slidestream.images.readers.synthetic.internals;

/** Packed {@code 0xRRGGBB} colour arithmetic for the textures, on ints: no objects per pixel. */
final class Rgb {
  private Rgb() {}

  static int of(int r, int g, int b) {
    return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
  }

  /** {@code a} blended towards {@code b} by {@code t}/255. */
  static int mix(int a, int b, int t) {
    int u = 255 - t;
    int r = ((a >> 16 & 0xff) * u + (b >> 16 & 0xff) * t + 127) / 255;
    int g = ((a >> 8 & 0xff) * u + (b >> 8 & 0xff) * t + 127) / 255;
    int bl = ((a & 0xff) * u + (b & 0xff) * t + 127) / 255;
    return r << 16 | g << 8 | bl;
  }

  /** Adds {@code d} to every channel, clamped. */
  static int shift(int c, int d) {
    return of((c >> 16 & 0xff) + d, (c >> 8 & 0xff) + d, (c & 0xff) + d);
  }

  static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
