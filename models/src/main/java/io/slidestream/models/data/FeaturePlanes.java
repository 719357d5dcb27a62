package io.slidestream.models.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Float channels that go into a network next to a patch's RGB: {@code channels} planes of
 * {@code width × height}, planar and row-major ({@code data[(c·height + y)·width + x]}). A compound
 * model's second network takes its first network's class probabilities this way. The array is
 * shared, not copied: treat it as read-only.
 */
public record FeaturePlanes(int channels, int width, int height, float[] data) {

  public FeaturePlanes {
    Objects.requireNonNull(data, "data");
    if (channels < 1 || width < 1 || height < 1) {
      throw new IllegalArgumentException("feature planes need positive sizes, got " + channels + " × " + width + "x"
          + height);
    }
    if ((long) channels * width * height != data.length) {
      throw new IllegalArgumentException(channels + " planes of " + width + "x" + height + " need "
          + (long) channels * width * height + " floats, got " + data.length);
    }
  }

  /** The value of channel {@code c} at ({@code x}, {@code y}). */
  public float get(int c, int x, int y) {
    return data[(c * height + y) * width + x];
  }

  /** A block of every plane; it must lie inside. */
  public FeaturePlanes crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x + ", " + y + ") is outside " + width + "x"
          + height);
    }
    float[] out = new float[channels * w * h];
    for (int c = 0; c < channels; c++) {
      for (int j = 0; j < h; j++) {
        System.arraycopy(data, (c * height + y + j) * width + x, out, (c * h + j) * w, w);
      }
    }
    return new FeaturePlanes(channels, w, h, out);
  }

  /** The planes {@code keep} lists, in that order. */
  public FeaturePlanes select(int... keep) {
    int n = width * height;
    float[] out = new float[keep.length * n];
    for (int k = 0; k < keep.length; k++) {
      if (keep[k] < 0 || keep[k] >= channels) {
        throw new IllegalArgumentException("no plane " + keep[k] + " of " + channels);
      }
      System.arraycopy(data, keep[k] * n, out, k * n, n);
    }
    return new FeaturePlanes(keep.length, width, height, out);
  }

  /**
   * Each {@code factor × factor} block averaged into one value: the planes at a {@code factor}
   * times coarser resolution. Width and height must be multiples of the factor.
   */
  public FeaturePlanes averagePooled(int factor) {
    if (factor < 1 || width % factor != 0 || height % factor != 0) {
      throw new IllegalArgumentException(width + "x" + height + " planes cannot be pooled by " + factor);
    }
    if (factor == 1) {
      return this;
    }
    int w = width / factor;
    int h = height / factor;
    float[] out = new float[channels * w * h];
    float norm = 1f / (factor * factor);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int j = 0; j < factor; j++) {
            int row = (c * height + y * factor + j) * width + x * factor;
            for (int i = 0; i < factor; i++) {
              s += data[row + i];
            }
          }
          out[(c * h + y) * w + x] = (float) (s * norm);
        }
      }
    }
    return new FeaturePlanes(channels, w, h, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeaturePlanes f && f.channels == channels && f.width == width && f.height == height
        && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(channels, width, height, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "FeaturePlanes[" + channels + " × " + width + "x" + height + "]";
  }
}
