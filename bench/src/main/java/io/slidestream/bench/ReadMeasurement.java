package io.slidestream.bench;

/** One timed pass over a slide's tiles by one reader configuration. */
record ReadMeasurement(String reader, int threads, long pixels, double wallSeconds, double cpuSeconds) {

  double megapixelsPerSecond() {
    return pixels / 1e6 / wallSeconds;
  }

  double megapixelsPerCpuSecond() {
    return pixels / 1e6 / cpuSeconds;
  }
}
