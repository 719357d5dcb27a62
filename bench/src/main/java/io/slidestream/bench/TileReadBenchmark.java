package io.slidestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.images.codec.jpeg.JpegDecoders;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.images.readers.tiff.TiffSlideReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Reads every level-0 tile of a slide through each reader and measures megapixels per second
 * and per CPU-second. Each pass opens a fresh reader, so no reader serves tiles from a cache
 * filled by an earlier pass; passes of different readers alternate so that machine noise falls
 * on all of them alike.
 */
final class TileReadBenchmark {

  /** A reader under test: its label and how to open a fresh instance. */
  record Variant(String label, Function<Path, SlideReader> opener) {}

  static List<Variant> javaVariants() {
    long cache = 32L << 20;
    return List.of(
        new Variant("tiff + libjpeg-turbo", p -> TiffSlideReader.open(p, "tiff", JpegDecoders.named("turbo"), cache)),
        new Variant("tiff + pure Java", p -> TiffSlideReader.open(p, "tiff", JpegDecoders.named("java"), cache)),
        new Variant("openslide (JNA)", p -> SlideReaders.open(p, "openslide")));
  }

  private final Path pythonScript;

  TileReadBenchmark(Path pythonScript) {
    this.pythonScript = pythonScript;
  }

  /**
   * {@code repeats} passes of a Java reader over all tiles, each with a fresh reader, with
   * {@code threads} threads pulling tiles from a shared counter.
   */
  ReadMeasurement measure(Variant variant, Path slide, int threads, int repeats) throws InterruptedException {
    long pixels = 0;
    CpuClock start = CpuClock.now();
    for (int r = 0; r < repeats; r++) {
      pixels += readAllTiles(variant, slide, threads);
    }
    CpuClock used = CpuClock.now().since(start);
    return new ReadMeasurement(variant.label(), threads, pixels, used.wallSeconds(), used.cpuSeconds());
  }

  private static long readAllTiles(Variant variant, Path slide, int threads) throws InterruptedException {
    try (SlideReader reader = variant.opener().apply(slide)) {
      PyramidLevel level0 = reader.info().level(0);
      int tw = level0.tileWidth() > 0 ? level0.tileWidth() : 256;
      int th = level0.tileHeight() > 0 ? level0.tileHeight() : 256;
      long cols = (level0.width() + tw - 1) / tw;
      long tiles = cols * ((level0.height() + th - 1) / th);
      AtomicLong next = new AtomicLong();
      AtomicLong pixels = new AtomicLong();
      AtomicInteger checksum = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker = new Thread(() -> {
          for (long i = next.getAndIncrement(); i < tiles; i = next.getAndIncrement()) {
            long x = (i % cols) * tw;
            long y = (i / cols) * th;
            int w = (int) Math.min(tw, level0.width() - x);
            int h = (int) Math.min(th, level0.height() - y);
            var raster = reader.readRegion(0, x, y, w, h);
            // Touch the pixels so no reader can be credited for work it skipped.
            checksum.addAndGet(raster.data()[raster.data().length / 2]);
            pixels.addAndGet((long) w * h);
          }
        }, "bench-reader-" + t);
        workers.add(worker);
        worker.start();
      }
      for (Thread w : workers) {
        w.join();
      }
      return pixels.get();
    }
  }

  /** One pass of python3-openslide over the same tiles, timed by the Python process itself. */
  ReadMeasurement measurePython(Path slide, int tileSize, int repeats) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", pythonScript.toString(), slide.toString(),
            String.valueOf(tileSize), String.valueOf(repeats))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("python3-openslide reference failed (exit " + p.exitValue() + "); is python3-openslide installed?");
    }
    JsonNode json = new ObjectMapper().readTree(out);
    return new ReadMeasurement("python3-openslide", 1, json.get("pixels").asLong(),
        json.get("wall").asDouble(), json.get("cpu").asDouble());
  }
}
