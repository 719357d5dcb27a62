package io.slidestream.images.readers.synthetic;

import io.slidestream.files.PublishedFile;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.writers.tiff.BigTiffWriter;
import io.slidestream.images.writers.tiff.TiffPage;
import io.slidestream.images.writers.tiff.TileFormat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes a synthetic slide as a pyramidal, JPEG-tiled BigTIFF with an Aperio-style description
 * (OpenSlide opens it as vendor aperio with its µm/px and objective). Every level is rendered
 * directly from the slide's functions, tile by tile, on a few threads with a bounded number of
 * tiles in flight, so memory is a handful of tiles whatever the slide size.
 */
public final class SyntheticSlideWriter {

  private SyntheticSlideWriter() {}

  /**
   * Renders and writes the whole pyramid to {@code target} (published atomically when complete).
   *
   * @param threads render/encode threads (1 or more); tiles in flight are at most {@code 2 × threads}
   */
  public static PublishedFile write(SyntheticSlide slide, Path target, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "synthetic-slide-writer");
      t.setDaemon(true);
      return t;
    });
    return write(slide, target, threads, pool);
  }

  /** One JPEG page a pyramid level, level 0 with the Aperio description. */
  private static List<TiffPage> pages(SyntheticSlide slide) {
    SyntheticSlideSpec spec = slide.spec();
    List<TiffPage> pages = new ArrayList<>();
    TileFormat jpeg = new TileFormat.Jpeg(spec.jpegQuality());
    for (int i = 0; i < slide.levels().size(); i++) {
      PyramidLevel l = slide.levels().get(i);
      pages.add(new TiffPage(l.width(), l.height(), spec.tileSize(), jpeg, i > 0,
          i == 0 ? slide.aperioDescription() : null, spec.micronsPerPixel() * l.downsample(), 0xffffff));
    }
    return pages;
  }

  /**
   * Renders and encodes on {@code pool}, which this shuts down; returns (or throws) only once no
   * task of it runs any more, so that none hands an encoder back to a closed writer.
   */
  static PublishedFile write(SyntheticSlide slide, Path target, int threads, ExecutorService pool)
      throws IOException {
    List<TiffPage> pages = pages(slide);
    try (BigTiffWriter tiff = BigTiffWriter.create(target, pages, "Slidestream synthetic")) {
      try {
        ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
        ArrayDeque<int[]> positions = new ArrayDeque<>();
        for (int level = 0; level < pages.size(); level++) {
          TiffPage page = pages.get(level);
          int lv = level;
          for (int row = 0; row < page.rows(); row++) {
            for (int col = 0; col < page.columns(); col++) {
              int c = col;
              int r = row;
              inFlight.add(pool.submit(() -> tiff.encode(lv, renderTile(slide, page, lv, c, r))));
              positions.add(new int[] {lv, c, r});
              if (inFlight.size() >= 2 * threads) {
                drainOne(tiff, inFlight, positions);
              }
            }
          }
        }
        while (!inFlight.isEmpty()) {
          drainOne(tiff, inFlight, positions);
        }
        return tiff.finish();
      } finally {
        // Before the writer closes its encoder pools: a render cannot be interrupted, so tasks
        // still in flight after a failure run to their end, and must end first.
        stopAndWait(pool);
      }
    } finally {
      pool.shutdownNow(); // when the writer could not even be created
    }
  }

  /** Shuts the pool down and waits for its running tasks, keeping (not acting on) an interrupt. */
  private static void stopAndWait(ExecutorService pool) {
    pool.shutdownNow();
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The full stored tile: the part inside the level rendered, the rest repeating its edge. */
  static byte[] renderTile(SyntheticSlide slide, TiffPage page, int level, int col, int row) {
    int ts = page.tileSize();
    int w = (int) Math.min(ts, page.width() - (long) col * ts);
    int h = (int) Math.min(ts, page.height() - (long) row * ts);
    long d = (long) slide.levels().get(level).downsample();
    RgbRaster part = slide.render(level, (long) col * ts * d, (long) row * ts * d, w, h);
    return page.fullTile(part.data(), w, h);
  }

  private static void drainOne(BigTiffWriter tiff, ArrayDeque<Future<byte[]>> inFlight, ArrayDeque<int[]> positions)
      throws IOException {
    Future<byte[]> f = inFlight.poll();
    int[] p = positions.poll();
    try {
      tiff.writeEncodedTile(p[0], p[1], p[2], f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the synthetic slide");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException("rendering a synthetic tile failed", e.getCause());
    }
  }
}
