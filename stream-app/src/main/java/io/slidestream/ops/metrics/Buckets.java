package io.slidestream.ops.metrics;

import java.time.Duration;

/** The histogram buckets the service's timers and ratios share, so that every series of a family has the same. */
final class Buckets {

  private Buckets() {}

  /** 1 ms to 1 h: a tile read, a batch, a slide's outputs, a whole job all fall in range. */
  static final Duration[] SECONDS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300),
      Duration.ofSeconds(600), Duration.ofSeconds(1800), Duration.ofSeconds(3600)};

  /** Eighths of a batch. */
  static final double[] EIGHTHS = {0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0};
}
