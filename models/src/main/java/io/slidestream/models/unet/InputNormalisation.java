package io.slidestream.models.unet;

import io.slidestream.images.RgbRaster;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How RGB pixels become network input: each 8-bit channel value {@code v} becomes
 * {@code (v / 255 - mean[c]) / std[c]}, laid out planar as {@code [batch, 3, H, W]} (NCHW). Training
 * and inference must use the same normalisation, so it is stored in the model file.
 *
 * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
 * @param std  per-channel standard deviation (R, G, B), positive
 */
public record InputNormalisation(double[] mean, double[] std) {

  /** Scale to [0, 1] only: mean 0, std 1. */
  public static final InputNormalisation UNIT_RANGE = new InputNormalisation(new double[3], new double[] {1, 1, 1});

  /**
   * Centred on mid-grey with unit range, {@code (v/255 - 0.5) / 0.5}: a neutral default for H&E
   * that keeps inputs zero-centred without dataset statistics.
   */
  public static final InputNormalisation CENTRED = new InputNormalisation(new double[] {0.5, 0.5, 0.5},
      new double[] {0.5, 0.5, 0.5});

  public InputNormalisation {
    if (mean == null || std == null || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need three values (R, G, B)");
    }
    for (int c = 0; c < 3; c++) {
      if (!Double.isFinite(mean[c]) || !(std[c] > 0) || Double.isInfinite(std[c])) {
        throw new IllegalArgumentException("channel " + c + ": mean must be finite and std positive and finite, got "
            + mean[c] + " and " + std[c]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  public static InputNormalisation of(double[] mean, double[] std) {
    return new InputNormalisation(mean, std);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /** Value of each channel for each byte: three 256-entry tables, so that pixels need no arithmetic. */
  private float[][] tables() {
    float[][] t = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        t[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
      }
    }
    return t;
  }

  /**
   * Writes one raster, planar (all R, then all G, then all B), into {@code dst} from {@code offset}:
   * {@code 3·width·height} floats.
   */
  public void write(RgbRaster raster, float[] dst, int offset) {
    writeWith(tables(), raster, dst, offset);
  }

  private static void writeWith(float[][] t, RgbRaster raster, float[] dst, int offset) {
    byte[] rgb = raster.data();
    int n = raster.width() * raster.height();
    if (offset < 0 || dst.length - offset < 3 * n) {
      throw new IndexOutOfBoundsException("need " + (3 * n) + " floats from " + offset + ", have " + dst.length);
    }
    float[] r = t[0];
    float[] g = t[1];
    float[] b = t[2];
    int gOff = offset + n;
    int bOff = offset + 2 * n;
    for (int i = 0, j = 0; i < n; i++, j += 3) {
      dst[offset + i] = r[rgb[j] & 0xff];
      dst[gOff + i] = g[rgb[j + 1] & 0xff];
      dst[bOff + i] = b[rgb[j + 2] & 0xff];
    }
  }

  /** Writes a batch of equally sized rasters into {@code dst}, {@code [batch, 3, H, W]} row-major. */
  public void write(List<RgbRaster> batch, float[] dst) {
    float[][] t = tables();
    int offset = 0;
    for (RgbRaster r : batch) {
      writeWith(t, r, dst, offset);
      offset += 3 * r.width() * r.height();
    }
  }

  /** A new {@code [batch, 3, H, W]} float array of equally sized rasters. */
  public INDArray toInput(List<RgbRaster> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int w = batch.get(0).width();
    int h = batch.get(0).height();
    for (RgbRaster r : batch) {
      if (r.width() != w || r.height() != h) {
        throw new IllegalArgumentException("rasters of one batch must be equally sized: " + w + "x" + h + " and " + r);
      }
    }
    float[] data = new float[batch.size() * 3 * w * h];
    write(batch, data);
    return Nd4j.create(data, new long[] {batch.size(), 3, h, w}, DataType.FLOAT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputNormalisation n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "InputNormalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
