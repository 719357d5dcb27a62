package io.slidestream.bench;

import io.slidestream.bench.models.PythonScripts;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream bench tiles}: the same tiles through the TIFF reader (libjpeg-turbo and pure
 * Java), OpenSlide through JNA, and python3-openslide, in one run, alternating, with medians.
 */
@Command(name = "tiles", mixinStandardHelpOptions = true,
    description = "Tile reading speed of each slide reader against python3-openslide, in MP/s and MP per CPU-second.")
final class TilesBenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--slide", paramLabel = "FILE",
      description = "Slide to read (repeatable). Default: the real SVS in ../shared/data and a synthetic slide.")
  List<Path> slides = new ArrayList<>();

  @Option(names = "--synthetic-size", defaultValue = "20000",
      description = "Side in pixels of the synthetic slide added when no --slide is given (0: none; default ${DEFAULT-VALUE}).")
  int syntheticSize;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed passes per reader (default ${DEFAULT-VALUE}); the median is reported.")
  int rounds;

  @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Thread counts for the Java readers (default ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = SlidestreamConfig.home();
    List<Path> inputs = new ArrayList<>(slides);
    if (inputs.isEmpty()) {
      inputs.add(home.resolve("../shared/data/slides/CMU-1-Small-Region.svs").normalize());
      if (syntheticSize > 0) {
        inputs.add(BenchSlides.synthetic(home.resolve("work/bench"), syntheticSize, out));
      }
    }
    TileReadBenchmark bench = new TileReadBenchmark(PythonScripts.find("openslide_tiles.py"));
    out.printf("# bench tiles: %d rounds, medians; command: bin/slidestream bench tiles%s%n", rounds,
        slides.isEmpty() ? "" : " --slide ...");
    out.printf("| slide | reader | threads | MP/s | MP per CPU-s | vs python3-openslide (per CPU-s) |%n");
    out.printf("|---|---|---|---|---|---|%n");
    for (Path slide : inputs) {
      if (!Files.isRegularFile(slide)) {
        throw new IllegalArgumentException("slide not found: " + slide);
      }
      int tileSize;
      int repeats;
      try (SlideReader r = SlideReaders.open(slide, "openslide")) {
        tileSize = r.info().level(0).tileWidth() > 0 ? r.info().level(0).tileWidth() : 256;
        // Small slides are read several times per pass so that each timing spans ~100 MP.
        repeats = (int) Math.max(1, Math.ceil(100e6 / (r.info().width() * (double) r.info().height())));
      }
      Map<String, List<ReadMeasurement>> runs = new LinkedHashMap<>();
      // A warm-up pass per reader lets the JIT compile the decode paths before anything is timed.
      for (TileReadBenchmark.Variant v : TileReadBenchmark.javaVariants()) {
        bench.measure(v, slide, 1, repeats);
      }
      for (int round = 0; round < rounds; round++) {
        runs.computeIfAbsent("python3-openslide|1", k -> new ArrayList<>()).add(bench.measurePython(slide, tileSize, repeats));
        for (TileReadBenchmark.Variant v : TileReadBenchmark.javaVariants()) {
          for (int t : threads) {
            runs.computeIfAbsent(v.label() + "|" + t, k -> new ArrayList<>()).add(bench.measure(v, slide, t, repeats));
          }
        }
      }
      double reference = median(runs.get("python3-openslide|1"), ReadMeasurement::megapixelsPerCpuSecond);
      for (var e : runs.entrySet()) {
        List<ReadMeasurement> ms = e.getValue();
        double perCpu = median(ms, ReadMeasurement::megapixelsPerCpuSecond);
        out.printf("| %s | %s | %d | %.1f | %.1f | %.2f× |%n", slide.getFileName(), ms.get(0).reader(), ms.get(0).threads(),
            median(ms, ReadMeasurement::megapixelsPerSecond), perCpu, perCpu / reference);
      }
      out.flush();
    }
    return 0;
  }

  private static double median(List<ReadMeasurement> ms, java.util.function.ToDoubleFunction<ReadMeasurement> f) {
    double[] v = ms.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
