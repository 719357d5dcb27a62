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
   * Decodes patch {@code b} of probabilities laid out channels-last,
   * {@code [batch, height, width, channels]} row-major.
   */
  PatchPrediction decode(float[] probabilities, int b, int width, int height) {
    int n = width * height;
    double[] sums = new double[channels];
    long[] counts = new long[channels];
    byte[] labels = new byte[n];
    boolean sigmoid = head == Head.SIGMOID;
    for (int i = 0, p = b * n * channels; i < n; i++, p += channels) {
      int arg = 0;
      float best = probabilities[p];
      sums[0] += best;
      for (int c = 1; c < channels; c++) {
        float v = probabilities[p + c];
        sums[c] += v;
        if (v > best) {
          best = v;
          arg = c;
        }
      }
      if (sigmoid && !(best > SIGMOID_THRESHOLD)) {
        arg = backgroundChannel;
      }
      counts[arg]++;
      labels[i] = idOfChannel[arg];
    }
    double[] means = new double[channels];
    for (int c = 0; c < channels; c++) {
      means[c] = sums[c] / n;
    }
    return new PatchPrediction(LabelRaster.wrap(width, height, labels), means, counts);
  }
}
