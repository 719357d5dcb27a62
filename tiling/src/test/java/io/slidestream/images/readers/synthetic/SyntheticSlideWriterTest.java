package io.slidestream.images.readers.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.RgbRaster;
import io.slidestream.testdata.ReferencePython;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSlideWriterTest {

  @TempDir
  Path dir;

  final SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(2600, 2100, 7).withTileSize(256));

  /**
   * A pool whose tasks take long and cannot be interrupted (as a render cannot), one of which
   * fails; it counts the tasks running.
   */
  static final class SlowFailingPool extends ThreadPoolExecutor {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger submitted = new AtomicInteger();

    SlowFailingPool(int threads) {
      super(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
      int n = submitted.incrementAndGet();
      return super.newTaskFor(() -> {
        running.incrementAndGet();
        try {
          if (n == 3) {
            throw new IllegalStateException("render failed");
          }
          long until = System.nanoTime() + 300_000_000L;
          while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime()); // returns early on interrupt: parks again
          }
          return task.call();
        } finally {
          running.decrementAndGet();
        }
      });
    }
  }

  @Test
  void aFailedRenderReturnsOnlyAfterEveryTaskInFlightHasEnded() {
    SlowFailingPool pool = new SlowFailingPool(2);
    Path file = dir.resolve("failed.svs");
    assertThatThrownBy(() -> SyntheticSlideWriter.write(slide, file, 2, pool))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("render failed");
    // Tasks 1, 2 and 4 were in flight when task 3 failed; had write() returned at once they would
    // go on encoding with codecs whose pools the closed writer has already emptied.
    assertThat(pool.running.get()).as("tasks still running when write() returned").isZero();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(file).doesNotExist();
  }

  @Test
  void opensInOpenSlideAsAperioWithItsResolutionLevelsAndPixels() throws IOException {
    Path file = dir.resolve("syn.svs");
    PublishedFile f = SyntheticSlideWriter.write(slide, file, 2);
    assertThat(f.bytes()).isEqualTo(Files.size(file));
    JsonNode os = new ObjectMapper().readTree(ReferencePython.run("""
        import sys, json, openslide, numpy as np
        s = openslide.OpenSlide(sys.argv[1])
        for i in range(2):
            w, h = s.level_dimensions[i]
            a = np.asarray(s.read_region((0, 0), i, (w, h)))
            open(sys.argv[2] + str(i), 'wb').write(a[:, :, :3].tobytes())
        p = s.properties
        print(json.dumps({'vendor': p['openslide.vendor'], 'mpp': [p['openslide.mpp-x'], p['openslide.mpp-y']],
                          'objective': p['openslide.objective-power'], 'dims': s.level_dimensions,
                          'description': p['tiff.ImageDescription'], 'tile': p['openslide.level[0].tile-width']}))
        """, file.toString(), dir.resolve("os").toString()));
    assertThat(os.get("vendor").asText()).isEqualTo("aperio");
    assertThat(os.get("mpp").toString()).isEqualTo("[\"0.5\",\"0.5\"]");
    assertThat(os.get("objective").asText()).isEqualTo("20");
    assertThat(os.get("dims").toString()).isEqualTo("[[2600,2100],[650,525],[163,132]]");
    assertThat(os.get("tile").asText()).isEqualTo("256");
    assertThat(os.get("description").asText()).startsWith("Aperio Image Library Slidestream synthetic\r\n2600x2100")
        .contains("|MPP = 0.5|", "not a patient", "|Seed = 7");
    // JPEG at Q90 with 4:2:0 chroma on textures full of sharp nuclei: measured mean 2.3, p99 16,
    // max 54 at level 0; the bounds leave a margin without letting a wrong tile through.
    assertWithinJpegError(Files.readAllBytes(dir.resolve("os0")), slide.render(0, 0, 0, 2600, 2100), 3.5, 24, 96);
    assertWithinJpegError(Files.readAllBytes(dir.resolve("os1")), slide.render(1, 0, 0, 650, 525), 4.5, 32, 110);
  }

  static void assertWithinJpegError(byte[] actual, RgbRaster expected, double meanMax, int p99Max, int maxMax) {
    assertThat(actual).hasSize(expected.data().length);
    int[] hist = new int[256];
    long sum = 0;
    for (int i = 0; i < actual.length; i++) {
      int d = Math.abs((actual[i] & 0xff) - (expected.data()[i] & 0xff));
      hist[d]++;
      sum += d;
    }
    long acc = 0;
    int p99 = 0;
    int max = 0;
    for (int d = 0; d < 256; d++) {
      acc += hist[d];
      if (acc < actual.length * 0.99) {
        p99 = d + 1;
      }
      if (hist[d] > 0) {
        max = d;
      }
    }
    assertThat((double) sum / actual.length).as("mean abs error").isLessThan(meanMax);
    assertThat(p99).as("99th percentile abs error").isLessThanOrEqualTo(p99Max);
    assertThat(max).as("max abs error").isLessThan(maxMax);
  }

  @Test
  void sameSpecGivesTheSameFileByteForByte() throws IOException {
    PublishedFile a = SyntheticSlideWriter.write(slide, dir.resolve("a.svs"), 2);
    PublishedFile b = SyntheticSlideWriter.write(SyntheticSlide.of(slide.spec()), dir.resolve("b.svs"), 1);
    PublishedFile c = SyntheticSlideWriter.write(
        SyntheticSlide.of(SyntheticSlideSpec.of(2600, 2100, 8).withTileSize(256)), dir.resolve("c.svs"), 2);
    assertThat(b.sha256()).as("same seed, other thread count").isEqualTo(a.sha256());
    assertThat(c.sha256()).as("other seed").isNotEqualTo(a.sha256());
  }

  /**
   * An 8192² slide is 201 MB of level-0 RGB and its full-resolution truth 67 MB of labels: a
   * writer holding either would fail in a 64 MiB heap.
   */
  @Test
  void writesASlideAndItsTruthLargerThanTheHeapInBoundedMemory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        BoundedMemoryRun.class.getName(), dir.toString(), "8192", "2")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("peak heap");
    System.out.println("8192² synthetic slide and truth under -Xmx64m: " + out.trim());
    assertThat(Files.size(dir.resolve("big.svs"))).isGreaterThan(1_000_000);
    assertThat(dir.resolve("big.truth.mask.tif")).exists();
    try (var files = Files.list(dir)) {
      assertThat(files.map(x -> x.getFileName().toString()).toList())
          .containsExactlyInAnyOrderElementsOf(List.of("big.svs", "big.truth.mask.tif"));
    }
  }
}
