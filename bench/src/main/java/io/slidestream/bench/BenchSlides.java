package io.slidestream.bench;

import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.images.readers.synthetic.SyntheticSlideWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Slides that benchmarks generate for themselves once and reuse on later runs. */
final class BenchSlides {

  static final long SEED = 20261122L;

  private BenchSlides() {}

  /** A square synthetic slide of the given side (seed fixed), written on first use. */
  static Path synthetic(Path dir, int size, PrintWriter log) throws IOException {
    Path file = dir.resolve("synthetic-" + size + ".svs");
    if (!Files.isRegularFile(file)) {
      Files.createDirectories(dir);
      log.printf("# writing %s (once; later runs reuse it)%n", file);
      log.flush();
      SyntheticSlideWriter.write(SyntheticSlide.of(SyntheticSlideSpec.of(size, size, SEED)), file, 2);
    }
    return file;
  }
}
