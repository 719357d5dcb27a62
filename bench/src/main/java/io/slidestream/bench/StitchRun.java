package io.slidestream.bench;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriters;
import io.slidestream.masks.Stitcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One stitching run in its own JVM, so that its peak resident memory is its own: a synthetic
 * slide's true labels are fed as tile predictions (patches with a halo, in shuffled order) through
 * the stitcher into the mask writers. Prints one line: size, tiles, seconds, peak RSS in MiB.
 */
public final class StitchRun {

  static final int HALO = 32;

  private StitchRun() {}

  public static void main(String[] args) throws IOException {
    int size = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    List<String> kinds = List.of(args[2].split(","));
    Files.createDirectories(dir);
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(size, size, BenchSlides.SEED));
    MaskSpec spec = SyntheticGroundTruth.maskSpec(slide, "stitch-" + size, 1, false);
    int tile = spec.tileSize();
    List<int[]> order = new ArrayList<>();
    for (int r = 0; r < spec.rows(); r++) {
      for (int c = 0; c < spec.columns(); c++) {
        order.add(new int[] {c, r});
      }
    }
    // Predictions arrive out of order in the service (parallel reads, batching): so here too.
    Collections.shuffle(order, new Random(1));
    long start = System.nanoTime();
    List<MaskOutput> outputs;
    try (Stitcher stitcher = new Stitcher(spec, HALO, MaskWriters.open(kinds, spec, dir))) {
      for (int[] t : order) {
        LabelRaster core = SyntheticGroundTruth.denseTile(slide, spec, t[0], t[1]);
        LabelRaster patch = LabelRaster.create(tile + 2 * HALO, tile + 2 * HALO);
        patch.copyFrom(core, 0, 0, HALO, HALO, core.width(), core.height());
        stitcher.accept(t[0], t[1], patch);
      }
      outputs = stitcher.finish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long bytes = outputs.stream().mapToLong(MaskOutput::bytes).sum();
    System.out.printf("{\"size\":%d,\"tiles\":%d,\"seconds\":%.1f,\"peakRssMiB\":%d,\"outputBytes\":%d}%n",
        size, order.size(), seconds, PeakRss.mebibytes(), bytes);
  }
}
