package io.slidestream.images.readers.synthetic;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run in a separate JVM with a small heap by {@link SyntheticSlideWriterTest}: writes a synthetic
 * slide and its dense truth at full resolution, then prints the heap's peak use. Arguments:
 * directory, side in pixels, threads.
 */
public final class BoundedMemoryRun {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int side = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(side, side, 9));
    long t0 = System.nanoTime();
    SyntheticSlideWriter.write(slide, dir.resolve("big.svs"), threads);
    long t1 = System.nanoTime();
    SyntheticGroundTruth.writeDenseMask(slide, dir, "big.truth", 1);
    long t2 = System.nanoTime();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("slide %.1f s, mask %.1f s, peak heap %d MiB%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, peak >> 20);
  }
}
