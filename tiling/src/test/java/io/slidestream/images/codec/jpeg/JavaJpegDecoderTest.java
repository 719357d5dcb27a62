package io.slidestream.images.codec.jpeg;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What is particular to the JDK binding: its per-thread reader keeps nothing of what it decoded. */
class JavaJpegDecoderTest {

  @Test
  void aThreadsReaderKeepsNoPixelsOfAHugeFrame() throws Exception {
    byte[] huge = TurboJpegDecoderTest.noiseJpeg(2048, 2048);
    JavaJpegDecoder java = JavaJpegDecoder.create();
    // Loads the JDK's codec classes and registries, which stay, before anything is measured.
    byte[] small = TurboJpegDecoderTest.noiseJpeg(64, 64);
    java.decode(small, 0, small.length, 1 << 24);
    CountDownLatch decoded = new CountDownLatch(1);
    CountDownLatch measured = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // The thread, and so its reader, stays alive while the heap is measured.
    Thread worker = new Thread(() -> {
      try {
        assertThat(decodedWidth(java, huge)).isEqualTo(2048);
      } catch (Throwable t) {
        failure.set(t);
      } finally {
        decoded.countDown();
      }
      try {
        measured.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long before = heapUsedAfterGc();
    worker.start();
    decoded.await();
    long after = heapUsedAfterGc();
    measured.countDown();
    worker.join();
    assertThat(failure.get()).isNull();
    // The frame is 12 MiB of pixels, the JDK's raster of it as much again.
    assertThat(after - before).as("heap bytes still held after the decode").isLessThan(4L << 20);
  }

  /** In a frame of its own, so that no local of the waiting thread holds the pixels. */
  static int decodedWidth(JpegDecoder decoder, byte[] jpeg) {
    RgbRaster r = decoder.decode(jpeg, 0, jpeg.length, 1 << 24);
    return r.width();
  }

  static long heapUsedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
