package io.slidestream.tissue;

/** Otsu's threshold on a 256-bin histogram: the cut that maximises between-class variance. */
public final class OtsuThreshold {

  private OtsuThreshold() {}

  /** The threshold t such that values {@code > t} form the upper class; 0 for an empty histogram. */
  public static int of(long[] histogram) {
    if (histogram.length != 256) {
      throw new IllegalArgumentException("expected 256 bins, got " + histogram.length);
    }
    long total = 0;
    double sum = 0;
    for (int i = 0; i < 256; i++) {
      total += histogram[i];
      sum += (double) i * histogram[i];
    }
    if (total == 0) {
      return 0;
    }
    long below = 0;
    double sumBelow = 0;
    double best = -1;
    int threshold = 0;
    for (int t = 0; t < 256; t++) {
      below += histogram[t];
      sumBelow += (double) t * histogram[t];
      long above = total - below;
      if (below == 0 || above == 0) {
        continue;
      }
      double meanBelow = sumBelow / below;
      double meanAbove = (sum - sumBelow) / above;
      double between = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
      if (between > best) {
        best = between;
        threshold = t;
      }
    }
    return threshold;
  }
}
