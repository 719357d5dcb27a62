package io.slidestream.service.pipeline;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A job's slide reader, made safe to close while reads may still be running: a job that fails or
 * is cancelled closes its reader while tile reads already started on the reader threads finish on
 * their own, and a native reader (OpenSlide) must never be closed under a read. Reads share a lock
 * that {@link #close()} takes exclusively; a read after close fails. Also sums the time spent reading.
 */
final class GuardedSlideReader implements SlideReader {

  private final SlideReader delegate;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicLong readNanos = new AtomicLong();
  private boolean closed;

  GuardedSlideReader(SlideReader delegate) {
    this.delegate = delegate;
  }

  @Override
  public SlideInfo info() {
    return delegate.info();
  }

  @Override
  public RgbRaster readRegion(int level, long x, long y, int width, int height) {
    return guarded(() -> delegate.readRegion(level, x, y, width, height));
  }

  @Override
  public RgbRaster readRegionAtDownsample(double downsample, long x, long y, int width, int height) {
    return guarded(() -> delegate.readRegionAtDownsample(downsample, x, y, width, height));
  }

  @Override
  public RgbRaster thumbnail(int maxSize) {
    return guarded(() -> delegate.thumbnail(maxSize));
  }

  /** Nanoseconds spent in reads so far, summed over threads. */
  long readNanos() {
    return readNanos.get();
  }

  private RgbRaster guarded(java.util.function.Supplier<RgbRaster> read) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the job's slide reader is closed");
      }
      long start = System.nanoTime();
      try {
        return read.get();
      } finally {
        readNanos.addAndGet(System.nanoTime() - start);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for reads in progress, then closes the slide. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        delegate.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
