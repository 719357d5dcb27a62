package io.slidestream.models.augment;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;

/**
 * Resamples a sample through a chain of warps, once: the image bilinearly with reflection at the
 * edges, label sets and a dense reference by nearest neighbour with "no information" outside.
 */
final class WarpSampler {

  private WarpSampler() {}

  /** Source points of every output pixel centre after the warps (applied last to first). */
  static float[][] sourcePoints(Warp[] warps, int count, int width, int height) {
    float[] xs = new float[width * height];
    float[] ys = new float[width * height];
    for (int y = 0, i = 0; y < height; y++) {
      for (int x = 0; x < width; x++, i++) {
        xs[i] = x;
        ys[i] = y;
      }
    }
    for (int k = count - 1; k >= 0; k--) {
      warps[k].mapBack(xs, ys);
    }
    return new float[][] {xs, ys};
  }

  static RgbRaster image(RgbRaster src, float[] xs, float[] ys) {
    int w = src.width();
    int h = src.height();
    byte[] in = src.data();
    RgbRaster out = RgbRaster.create(w, h);
    byte[] o = out.data();
    for (int i = 0; i < xs.length; i++) {
      float x = xs[i];
      float y = ys[i];
      int x0 = (int) Math.floor(x);
      int y0 = (int) Math.floor(y);
      float fx = x - x0;
      float fy = y - y0;
      int c0 = reflect(x0, w) * 3;
      int c1 = reflect(x0 + 1, w) * 3;
      int r0 = reflect(y0, h) * w * 3;
      int r1 = reflect(y0 + 1, h) * w * 3;
      float w00 = (1 - fx) * (1 - fy);
      float w01 = fx * (1 - fy);
      float w10 = (1 - fx) * fy;
      float w11 = fx * fy;
      int d = i * 3;
      for (int c = 0; c < 3; c++) {
        float v = (in[r0 + c0 + c] & 0xff) * w00 + (in[r0 + c1 + c] & 0xff) * w01
            + (in[r1 + c0 + c] & 0xff) * w10 + (in[r1 + c1 + c] & 0xff) * w11;
        o[d + c] = (byte) (int) (v + 0.5f);
      }
    }
    return out;
  }

  static LabelSetRaster labels(LabelSetRaster src, float[] xs, float[] ys) {
    int w = src.width();
    int h = src.height();
    long[] in = src.data();
    long all = src.universe();
    long[] out = new long[w * h];
    for (int i = 0; i < xs.length; i++) {
      int x = (int) Math.floor(xs[i] + 0.5f);
      int y = (int) Math.floor(ys[i] + 0.5f);
      out[i] = x >= 0 && x < w && y >= 0 && y < h ? in[y * w + x] : all;
    }
    return LabelSetRaster.wrap(w, h, src.classCount(), out);
  }

  static LabelRaster reference(LabelRaster src, float[] xs, float[] ys, int fill) {
    int w = src.width();
    int h = src.height();
    byte[] in = src.data();
    byte[] out = new byte[w * h];
    byte f = (byte) fill;
    for (int i = 0; i < xs.length; i++) {
      int x = (int) Math.floor(xs[i] + 0.5f);
      int y = (int) Math.floor(ys[i] + 0.5f);
      out[i] = x >= 0 && x < w && y >= 0 && y < h ? in[y * w + x] : f;
    }
    return LabelRaster.wrap(w, h, out);
  }

  /** Float planes resampled as {@link #image} resamples RGB: bilinear, reflected at the edges. */
  static float[] planes(float[] src, int count, int w, int h, float[] xs, float[] ys) {
    int n = w * h;
    float[] out = new float[src.length];
    for (int i = 0; i < xs.length; i++) {
      float x = xs[i];
      float y = ys[i];
      int x0 = (int) Math.floor(x);
      int y0 = (int) Math.floor(y);
      float fx = x - x0;
      float fy = y - y0;
      int c0 = reflect(x0, w);
      int c1 = reflect(x0 + 1, w);
      int r0 = reflect(y0, h) * w;
      int r1 = reflect(y0 + 1, h) * w;
      float w00 = (1 - fx) * (1 - fy);
      float w01 = fx * (1 - fy);
      float w10 = (1 - fx) * fy;
      float w11 = fx * fy;
      for (int c = 0, base = 0; c < count; c++, base += n) {
        out[base + i] = src[base + r0 + c0] * w00 + src[base + r0 + c1] * w01 + src[base + r1 + c0] * w10
            + src[base + r1 + c1] * w11;
      }
    }
    return out;
  }

  /** Index {@code i} mirrored into {@code 0..n-1} across the edges (edge pixels repeated once). */
  static int reflect(int i, int n) {
    if (i >= 0 && i < n) {
      return i;
    }
    int period = 2 * n;
    int m = Math.floorMod(i, period);
    return m < n ? m : period - 1 - m;
  }
}
