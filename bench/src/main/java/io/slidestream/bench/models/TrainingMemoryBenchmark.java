package io.slidestream.bench.models;

import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.training.Trainer;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code slidestream bench train --memory}: a tiny U-Net trained for many iterations on synthetic
 * tissue by the real {@link Trainer} (validation and checkpoints included), with the memory
 * columns of its training log read back: heap in use, native (off-heap) bytes in use and the
 * process's resident size, early (iteration 10) against the end. Flat memory means their ratio
 * stays near 1.
 */
public final class TrainingMemoryBenchmark {

  /**
   * @param iterations    training iterations (the issue: 500)
   * @param early         the early iteration compared with the last (10)
   * @param budget        network and patches
   * @param imageSize     side of the synthetic training images (four of them) and validation image
   * @param validateEvery iterations between validations (and checkpoints)
   * @param seed          the seed of data and training
   * @param workDir       where the run writes its log, checkpoints and model
   */
  public record Options(int iterations, int early, Budget budget, int imageSize, int validateEvery, long seed,
      Path workDir) {

    public Options {
      if (early < 1 || early >= iterations) {
        throw new IllegalArgumentException("the early iteration must be in 1.." + (iterations - 1) + ", got " + early);
      }
    }

    /** 500 iterations of an 8/3 U-Net at 64 px, batch 8; validation and a checkpoint every 100. */
    public static Options defaults(Path workDir) {
      return new Options(500, 10, new Budget(500, 8, 64, 8, 3, 2e-3), 256, 100, 42, workDir);
    }
  }

  /**
   * Memory after one iteration: the training log's columns, and the heap the JVM has committed
   * (part of the resident size however little of it is in use).
   */
  public record Sample(long iteration, long heapBytes, long heapCommittedBytes, long offHeapBytes,
      long physicalBytes) {}

  /** Every iteration's sample, and the two compared. */
  public record Result(List<Sample> samples, Sample early, Sample last) {

    public double offHeapRatio() {
      return (double) last.offHeapBytes() / early.offHeapBytes();
    }

    public double physicalRatio() {
      return (double) last.physicalBytes() / early.physicalBytes();
    }
  }

  private TrainingMemoryBenchmark() {}

  public static Result run(Options o, PrintWriter out) throws IOException {
    Dl4jRuntime.initialise();
    Budget b = o.budget();
    InMemoryPatchSource train = InMemoryPatchSource.of(SyntheticTissue.images(o.seed() * 1000, 4, o.imageSize(), 4));
    InMemoryPatchSource validation = InMemoryPatchSource.of(
        SyntheticTissue.images(o.seed() * 1000 + 500, 1, o.imageSize(), 4));
    TrainingConfig config = new TrainingConfig("memory", o.seed(), o.workDir(), Path.of("in-memory/images"),
        Path.of("in-memory/masks"), Path.of("in-memory/protocol"), 0.5, 0, b.levels(), b.filters(), b.patchSize(), 2.0,
        "partial-ce", "minibatch", BenchTraining.AUGMENTATION, b.batchSize(), o.iterations(), b.learningRate(),
        o.validateEvery(), 1000, o.validateEvery());
    Trainer trainer = new Trainer(config, train, validation, SyntheticTissue.CLASSES, SyntheticTissue.GLASS);
    long start = System.nanoTime();
    long[] committed = new long[o.iterations() + 1];
    trainer.run(false, new TrainingProgress() {
      @Override
      public void iteration(long iteration, long total, double loss, double learningRate) {
        committed[(int) iteration] = Runtime.getRuntime().totalMemory();
      }

      @Override
      public void validated(long iteration, double dice, boolean best) {}
    });
    double seconds = (System.nanoTime() - start) / 1e9;

    List<Sample> samples = read(trainer.logFile(), committed);
    Result r = new Result(samples, samples.get(o.early() - 1), samples.get(samples.size() - 1));
    out.printf(Locale.ROOT, "# Memory over a training run%n%n");
    out.printf(Locale.ROOT, "%d iterations of batch %d at %d px, U-Net %d/%d, on %d synthetic images of %d px;"
            + " validation and a checkpoint every %d; %.0f s; log: %s%n%n", o.iterations(), b.batchSize(),
        b.patchSize(), b.filters(), b.levels(), train.regionCount(), o.imageSize(), o.validateEvery(), seconds,
        trainer.logFile());
    out.printf(Locale.ROOT, "| iteration | heap in use (MiB) | heap committed (MiB) | off-heap in use (MiB) |"
        + " resident (MiB) |%n");
    out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
    for (Sample s : samples) {
      if (s.iteration() == o.early() || s.iteration() % o.validateEvery() == 0 || s == r.last()) {
        out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f |%n", s.iteration(), mib(s.heapBytes()),
            mib(s.heapCommittedBytes()), mib(s.offHeapBytes()), mib(s.physicalBytes()));
      }
    }
    long[] offHeap = samples.stream().skip(o.early()).mapToLong(Sample::offHeapBytes).sorted().toArray();
    out.printf(Locale.ROOT, "%noff-heap in use after iteration %d: median %.1f MiB, min %.1f, max %.1f%n", o.early(),
        mib(offHeap[offHeap.length / 2]), mib(offHeap[0]), mib(offHeap[offHeap.length - 1]));
    out.printf(Locale.ROOT, "%noff-heap at iteration %d / at iteration %d: %.3f; resident: %.3f%n",
        r.last().iteration(), r.early().iteration(), r.offHeapRatio(), r.physicalRatio());
    out.flush();
    return r;
  }

  private static List<Sample> read(Path log, long[] committed) throws IOException {
    List<String> lines = Files.readAllLines(log);
    List<String> header = List.of(lines.get(0).split(","));
    int it = header.indexOf("iteration");
    int heap = header.indexOf("heap_bytes");
    int off = header.indexOf("offheap_bytes");
    int phys = header.indexOf("physical_bytes");
    List<Sample> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      int i = Integer.parseInt(f[it]);
      out.add(new Sample(i, Long.parseLong(f[heap]), committed[i], Long.parseLong(f[off]), Long.parseLong(f[phys])));
    }
    return out;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
