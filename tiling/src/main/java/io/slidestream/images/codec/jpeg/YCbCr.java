package io.slidestream.images.codec.jpeg;

/**
 * JFIF YCbCr to RGB in libjpeg's fixed-point arithmetic (16 fractional bits, rounding as its
 * {@code ycc_rgb_convert}), so that a frame converted here has exactly the pixels libjpeg-turbo
 * gives for it.
 */
final class YCbCr {

  private static final int SCALEBITS = 16;
  private static final int ONE_HALF = 1 << (SCALEBITS - 1);
  private static final int[] CR_R = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CB_G = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
      CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
      CR_G[i] = -fix(0.71414) * x;
      CB_G[i] = -fix(0.34414) * x + ONE_HALF;
    }
  }

  private YCbCr() {}

  private static int fix(double v) {
    return (int) (v * (1L << SCALEBITS) + 0.5);
  }

  /** Converts {@code pixels} interleaved Y Cb Cr triples in place to R G B. */
  static void toRgbInPlace(byte[] data, int pixels) {
    for (int i = 0, n = pixels * 3; i < n; i += 3) {
      int y = data[i] & 0xff;
      int cb = data[i + 1] & 0xff;
      int cr = data[i + 2] & 0xff;
      data[i] = clamp(y + CR_R[cr]);
      data[i + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
      data[i + 2] = clamp(y + CB_B[cb]);
    }
  }

  private static byte clamp(int v) {
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
