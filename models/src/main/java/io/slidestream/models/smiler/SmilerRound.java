package io.slidestream.models.smiler;

import io.slidestream.annotations.LabelSetRaster;
import java.util.List;

/**
 * The labels for one SMILEr round, one raster per input image, and how many pixels became
 * positives of each class (for the training log).
 */
public record SmilerRound(int round, double gamma, List<LabelSetRaster> labels, long[] positivesAdded) {

  public SmilerRound {
    labels = List.copyOf(labels);
    positivesAdded = positivesAdded.clone();
  }

  @Override
  public long[] positivesAdded() {
    return positivesAdded.clone();
  }

  /** Pixels relabelled in all, over every class. */
  public long totalAdded() {
    long n = 0;
    for (long a : positivesAdded) {
      n += a;
    }
    return n;
  }
}
