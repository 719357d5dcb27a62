package io.slidestream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's peak resident set size, as the kernel counts it (VmHWM). */
final class PeakRss {

  private PeakRss() {}

  static long mebibytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IOException("no VmHWM in /proc/self/status (not Linux?)");
  }
}
