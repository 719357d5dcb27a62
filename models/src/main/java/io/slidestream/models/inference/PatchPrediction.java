package io.slidestream.models.inference;

import io.slidestream.images.LabelRaster;
import java.util.Objects;

/**
 * What the network says about one patch. Arrays are indexed by output channel, in the order of the
 * model's classes ({@code ModelMetadata.classes()}).
 *
 * @param labels            the predicted class of every pixel, as the class's id (not its channel)
 * @param meanProbabilities per channel, the mean over the patch's pixels of that channel's
 *                          probability (softmax: sums to 1; sigmoid: each in [0, 1] independently)
 * @param pixelCounts       per channel, how many pixels were labelled with it; sums to the pixel count
 */
public record PatchPrediction(LabelRaster labels, double[] meanProbabilities, long[] pixelCounts) {

  public PatchPrediction {
    Objects.requireNonNull(labels, "labels");
    if (meanProbabilities.length != pixelCounts.length) {
      throw new IllegalArgumentException("one probability and one count per channel");
    }
  }

  /** The channel with the most pixels (the lowest channel on ties). */
  public int dominantChannel() {
    int best = 0;
    for (int c = 1; c < pixelCounts.length; c++) {
      if (pixelCounts[c] > pixelCounts[best]) {
        best = c;
      }
    }
    return best;
  }
}
