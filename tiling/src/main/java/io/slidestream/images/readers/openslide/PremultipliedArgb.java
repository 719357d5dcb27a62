package io.slidestream.images.readers.openslide;

import java.nio.IntBuffer;

/**
 * OpenSlide's pixel format, premultiplied ARGB in native-order 32-bit words, turned into RGB
 * composited over white.
 *
 * <p>Un-premultiplying ({@code c = c' * 255 / a}) and then compositing over white
 * ({@code c * a / 255 + 255 - a}) cancel out to {@code c' + 255 - a}: one exact integer step with
 * no rounding, which a fully transparent pixel (all zero) turns into white and an opaque one
 * leaves as it is.
 */
final class PremultipliedArgb {

  private PremultipliedArgb() {}

  /** Converts {@code count} pixels from {@code src} into {@code dst} from byte {@code dstOffset}. */
  static void toRgbOverWhite(IntBuffer src, int count, byte[] dst, int dstOffset) {
    int d = dstOffset;
    for (int i = 0; i < count; i++, d += 3) {
      int argb = src.get(i);
      int clear = 255 - (argb >>> 24);
      dst[d] = channel((argb >>> 16 & 0xff) + clear);
      dst[d + 1] = channel((argb >>> 8 & 0xff) + clear);
      dst[d + 2] = channel((argb & 0xff) + clear);
    }
  }

  // A malformed pixel whose colour exceeds its alpha would overflow; clamp rather than wrap.
  private static byte channel(int v) {
    return (byte) Math.min(v, 255);
  }
}
