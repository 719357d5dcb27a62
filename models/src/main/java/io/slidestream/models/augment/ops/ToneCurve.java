package io.slidestream.models.augment.ops;

import io.slidestream.images.RgbRaster;
import java.util.function.DoubleUnaryOperator;

/** A 256-entry table applied to every channel: point colour ops cost one lookup per byte. */
final class ToneCurve {

  private ToneCurve() {}

  /** Applies {@code f} (0..255 in, any real out, rounded and clamped) to every byte of the image. */
  static void apply(RgbRaster image, DoubleUnaryOperator f) {
    byte[] lut = new byte[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = clamp(f.applyAsDouble(v));
    }
    byte[] d = image.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = lut[d[i] & 0xff];
    }
  }

  static byte clamp(double v) {
    long r = Math.round(v);
    return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
  }
}
