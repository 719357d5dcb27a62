package io.slidestream.models.inference;

import io.slidestream.images.LabelRaster;
import io.slidestream.models.unet.Head;

/**
 * Turns per-pixel class probabilities into labels, counts and means, on primitive arrays.
 *
 * <p>The rule: a softmax head labels each pixel with its most probable channel. A sigmoid head
 * labels it with the most probable channel among those whose probability exceeds
 * {@value #SIGMOID_THRESHOLD}, and with the background channel when none does (K independent
 * classifiers can all say no). Ties go to the lower channel.
 */
final class LabelDecoder {

  /** A sigmoid channel claims a pixel only above this probability. */
  static final float SIGMOID_THRESHOLD = 0.5f;

  private final Head head;
  private final int channels;
  private final int backgroundChannel;
  private final byte[] idOfChannel;
  private float[] best = new float[0];
  private byte[] arg = new byte[0];

  LabelDecoder(Head head, int[] classIds, int backgroundChannel) {
    this.head = head;
    this.channels = classIds.length;
    this.backgroundChannel = backgroundChannel;
    this.idOfChannel = new byte[classIds.length];
    for (int c = 0; c < classIds.length; c++) {
      idOfChannel[c] = (byte) classIds[c];
    }
  }

  /**
   * Decodes patch {@code b} of probabilities laid out {@code [batch, channels, height, width]}
   * row-major.
   */
  PatchPrediction decode(float[] probabilities, int b, int width, int height) {
    int n = width * height;
    if (best.length < n) {
      best = new float[n];
      arg = new byte[n];
    }
    double[] sums = new double[channels];
    int base = b * channels * n;
    // Channel by channel keeps every read sequential.
    System.arraycopy(probabilities, base, best, 0, n);
    java.util.Arrays.fill(arg, 0, n, (byte) 0);
    sums[0] = sum(probabilities, base, n);
    for (int c = 1; c < channels; c++) {
      int off = base + c * n;
      double s = 0;
      for (int i = 0; i < n; i++) {
        float v = probabilities[off + i];
        s += v;
        if (v > best[i]) {
          best[i] = v;
          arg[i] = (byte) c;
        }
      }
      sums[c] = s;
    }
    if (head == Head.SIGMOID) {
      for (int i = 0; i < n; i++) {
        if (!(best[i] > SIGMOID_THRESHOLD)) {
          arg[i] = (byte) backgroundChannel;
        }
      }
    }
    byte[] labels = new byte[n];
    long[] counts = new long[channels];
    for (int i = 0; i < n; i++) {
      int c = arg[i] & 0xff;
      counts[c]++;
      labels[i] = idOfChannel[c];
    }
    double[] means = new double[channels];
    for (int c = 0; c < channels; c++) {
      means[c] = sums[c] / n;
    }
    return new PatchPrediction(LabelRaster.wrap(width, height, labels), means, counts);
  }

  private static double sum(float[] a, int from, int n) {
    double s = 0;
    for (int i = from; i < from + n; i++) {
      s += a[i];
    }
    return s;
  }
}
