package io.slidestream.models.data;

import io.slidestream.images.RgbRaster;

/**
 * Turns an RGB raster into the network's input channels: planar (R plane, G plane, B plane),
 * row-major, as floats. A model file's normalisation is expressed as one of these, so training
 * and inference feed the network the same numbers.
 */
@FunctionalInterface
public interface InputNormaliser {

  /** Writes the three planes of {@code image} into {@code out} from {@code offset} (3·W·H floats). */
  void normalise(RgbRaster image, float[] out, int offset);

  /** RGB / 255: every channel in [0, 1]. */
  static InputNormaliser unitRange() {
    return meanStd(new float[] {0, 0, 0}, new float[] {1, 1, 1});
  }

  /**
   * {@code (v/255 − mean[c]) / std[c]} per channel, e.g. ImageNet's mean (0.485, 0.456, 0.406)
   * and std (0.229, 0.224, 0.225).
   */
  static InputNormaliser meanStd(float[] mean, float[] std) {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need one value per channel (3)");
    }
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      if (!(std[c] > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + std[c]);
      }
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
    // One table per channel: a lookup per byte instead of arithmetic.
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = v * scale[c] + shift[c];
      }
    }
    return (image, out, offset) -> {
      byte[] d = image.data();
      int plane = image.width() * image.height();
      float[] r = lut[0];
      float[] g = lut[1];
      float[] b = lut[2];
      for (int i = 0, p = 0; i < plane; i++, p += 3) {
        out[offset + i] = r[d[p] & 0xff];
        out[offset + plane + i] = g[d[p + 1] & 0xff];
        out[offset + 2 * plane + i] = b[d[p + 2] & 0xff];
      }
    };
  }
}
