package io.slidestream.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall and process CPU time together: per CPU-second figures are what stay comparable on a
 * small, noisy machine, where wall time depends on whatever else runs.
 */
record CpuClock(long wallNanos, long cpuNanos) {

  static CpuClock now() {
    return new CpuClock(System.nanoTime(), processCpuNanos());
  }

  CpuClock since(CpuClock start) {
    return new CpuClock(wallNanos - start.wallNanos, cpuNanos - start.cpuNanos);
  }

  double wallSeconds() {
    return wallNanos / 1e9;
  }

  double cpuSeconds() {
    return cpuNanos / 1e9;
  }

  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report process CPU time");
  }
}
