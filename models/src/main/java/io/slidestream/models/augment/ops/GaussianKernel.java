package io.slidestream.models.augment.ops;

/**
 * A normalised, sampled 1-D Gaussian and separable smoothing of interleaved planes with it. Edges
 * reflect (edge pixel repeated once), as the warps do, so smoothing does not darken or fade borders.
 */
final class GaussianKernel {

  private final float[] weights;
  private final int radius;

  private GaussianKernel(float[] weights) {
    this.weights = weights;
    this.radius = weights.length / 2;
  }

  /** Taps out to {@code ceil(3·sigma)} each side, summing to 1. */
  static GaussianKernel of(double sigma) {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be positive, got " + sigma);
    }
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    double[] g = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      g[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
      sum += g[i + r];
    }
    float[] w = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      w[i] = (float) (g[i] / sum);
    }
    return new GaussianKernel(w);
  }

  int radius() {
    return radius;
  }

  float[] weights() {
    return weights.clone();
  }

  /** Number of grid points along a side of {@code n} pixels sampled every {@code step}, covering the last pixel. */
  static int gridSize(int n, int step) {
    return (n - 1 + step - 1) / step + 1;
  }

  /**
   * The smoothed planes at every {@code step}-th pixel of each axis: grid point (i, j) is pixel
   * (i·step, j·step), the last grid point reaching or just passing the last pixel (reflected
   * there). {@code data} holds {@code channels} interleaved planes of {@code w × h}; the result
   * holds {@code gridSize(w, step) × gridSize(h, step)} points of {@code channels} values. With
   * step 1 this is plain smoothing. Smoothing only at the grid points saves the work of points a
   * caller would interpolate anyway.
   */
  float[] smooth(float[] data, int w, int h, int channels, int step) {
    int gw = gridSize(w, step);
    int gh = gridSize(h, step);
    int r = radius;
    int taps = weights.length;
    // Horizontal pass at the grid columns, every row, through a reflected, padded copy of the row.
    int padLength = (gw - 1) * step + taps;
    int[] padSource = new int[padLength];
    for (int p = 0; p < padLength; p++) {
      padSource[p] = reflect(p - r, w) * channels;
    }
    float[] pad = new float[padLength * channels];
    int rowOut = gw * channels;
    float[] tmp = new float[h * rowOut];
    for (int y = 0; y < h; y++) {
      int src = y * w * channels;
      for (int p = 0, o = 0; p < padLength; p++) {
        int s = src + padSource[p];
        for (int c = 0; c < channels; c++) {
          pad[o++] = data[s + c];
        }
      }
      int out = y * rowOut;
      if (step == 1) {
        for (int k = 0; k < taps; k++) {
          float wk = weights[k];
          int off = k * channels;
          for (int i = 0; i < rowOut; i++) {
            tmp[out + i] += wk * pad[off + i];
          }
        }
      } else {
        for (int j = 0; j < gw; j++) {
          int base = j * step * channels;
          for (int c = 0; c < channels; c++) {
            float s = 0;
            for (int k = 0; k < taps; k++) {
              s += weights[k] * pad[base + k * channels + c];
            }
            tmp[out + j * channels + c] = s;
          }
        }
      }
    }
    // Vertical pass at the grid rows: whole rows at once, one tap at a time.
    float[] result = new float[gh * rowOut];
    for (int i = 0; i < gh; i++) {
      int y = i * step;
      int out = i * rowOut;
      for (int k = 0; k < taps; k++) {
        float wk = weights[k];
        int src = reflect(y + k - r, h) * rowOut;
        for (int q = 0; q < rowOut; q++) {
          result[out + q] += wk * tmp[src + q];
        }
      }
    }
    return result;
  }

  private static int reflect(int i, int n) {
    if (i >= 0 && i < n) {
      return i;
    }
    int period = 2 * n;
    int m = Math.floorMod(i, period);
    return m < n ? m : period - 1 - m;
  }
}
