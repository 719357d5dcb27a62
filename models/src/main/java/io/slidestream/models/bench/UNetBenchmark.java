package io.slidestream.models.bench;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.runtime.RuntimeReport;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code slidestream bench unet}: the project's U-Net in DL4J against the same network in PyTorch
 * ({@code bench/unet_torch.py}) on CPU, both with as many threads as cores, interleaved in one run so
 * that both see the same machine: per round and network, DL4J training steps, PyTorch training steps
 * (a fresh Python process), DL4J forward passes, PyTorch forward passes, the order alternating by
 * round. Reports medians over all timed steps and the ratio DL4J/PyTorch of the time per step (for
 * inference too, so below 1 means DL4J is faster everywhere).
 *
 * <p>Both sides: float32, NCHW, random input; training = forward, softmax cross entropy, backward,
 * Adam; inference = forward in inference mode with the softmax. The parameter counts are compared
 * before timing, so the two networks are known to be the same.
 */
public final class UNetBenchmark {

  /** A network shape to time. */
  public record Shape(int filters, int levels) {
    @Override
    public String toString() {
      return filters + "/" + levels;
    }
  }

  /**
   * What to run.
   *
   * @param shapes     networks as first-level filters / levels
   * @param size       patch side in pixels
   * @param classes    output classes
   * @param trainBatch patches per training step
   * @param inferBatch patches per forward pass
   * @param rounds     interleaved rounds
   * @param warmup     untimed steps before each round's timed ones
   * @param steps      timed steps per round
   * @param threads    PyTorch threads (ND4J uses one per core on its own)
   * @param python     the Python interpreter with torch
   * @param script     {@code bench/unet_torch.py}
   */
  public record Options(List<Shape> shapes, int size, int classes, int trainBatch, int inferBatch, int rounds,
      int warmup, int steps, int threads, String python, Path script) {

    /** The benchmark: 16/4 and 32/5 at 256x256, training batch 4, inference batch 8, 3 rounds. */
    public static Options defaults() {
      return new Options(List.of(new Shape(16, 4), new Shape(32, 5)), 256, 3, 4, 8, 3, 1, 3,
          Runtime.getRuntime().availableProcessors(), "/usr/bin/python3", defaultScript());
    }

    /** {@code bench/unet_torch.py} under the installation ({@code slidestream.home}), the repository or here. */
    static Path defaultScript() {
      for (String property : List.of("slidestream.home", "slidestream.repo.root", "user.dir")) {
        String dir = System.getProperty(property);
        if (dir != null && Files.isRegularFile(Path.of(dir, "bench", "unet_torch.py"))) {
          return Path.of(dir, "bench", "unet_torch.py");
        }
      }
      return Path.of("bench", "unet_torch.py");
    }
  }

  /** Medians for one network; times in seconds per step. */
  public record Row(Shape shape, long params, int trainBatch, double dl4jTrain, double torchTrain, int inferBatch,
      double dl4jInfer, double torchInfer) {

    public double trainRatio() {
      return dl4jTrain / torchTrain;
    }

    public double inferRatio() {
      return dl4jInfer / torchInfer;
    }
  }

  private UNetBenchmark() {}

  /**
   * Options: {@code --shapes 16/4,32/5 --size 256 --train-batch 4 --infer-batch 8 --rounds 3 --steps 3
   * --threads N --python /usr/bin/python3 --script bench/unet_torch.py}.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    PrintWriter out = new PrintWriter(System.out, true);
    run(out, parse(args));
    out.flush();
  }

  static Options parse(String[] args) {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
      }
      a.put(args[i], args[i + 1]);
    }
    Options d = Options.defaults();
    Options o = new Options(a.containsKey("--shapes") ? parseShapes(a.remove("--shapes")) : d.shapes(),
        intOption(a, "--size", d.size()), intOption(a, "--classes", d.classes()),
        intOption(a, "--train-batch", d.trainBatch()), intOption(a, "--infer-batch", d.inferBatch()),
        intOption(a, "--rounds", d.rounds()), intOption(a, "--warmup", d.warmup()),
        intOption(a, "--steps", d.steps()), intOption(a, "--threads", d.threads()),
        a.getOrDefault("--python", d.python()), a.containsKey("--script") ? Path.of(a.get("--script")) : d.script());
    a.remove("--python");
    a.remove("--script");
    if (!a.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + a.keySet());
    }
    return o;
  }

  private static int intOption(java.util.Map<String, String> a, String name, int fallback) {
    String v = a.remove(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  static List<Shape> parseShapes(String text) {
    List<Shape> shapes = new ArrayList<>();
    for (String s : text.split(",")) {
      String[] fl = s.trim().split("/");
      shapes.add(new Shape(Integer.parseInt(fl[0]), Integer.parseInt(fl[1])));
    }
    return shapes;
  }

  /** Runs the benchmark, printing progress and the table to {@code out}; returns the rows. */
  public static List<Row> run(PrintWriter out, Options o) throws IOException, InterruptedException {
    RuntimeReport runtime = Dl4jRuntime.initialise();
    TorchRunner torch = new TorchRunner(o.python(), o.script(), o.threads());
    out.printf(Locale.ROOT, "U-Net on CPU, DL4J vs PyTorch: %dx%d px, %d classes, training batch %d, inference batch %d,"
        + " %d interleaved rounds x %d timed steps (after %d warm-up), medians%n", o.size(), o.size(), o.classes(),
        o.trainBatch(), o.inferBatch(), o.rounds(), o.steps(), o.warmup());
    out.println("DL4J:    " + runtime.summary());
    out.flush();
    List<Row> rows = new ArrayList<>();
    String torchVersion = "";
    for (Shape shape : o.shapes()) {
      UNetConfig config = UNetConfig.builder().levels(shape.levels()).filters(shape.filters()).patchSize(o.size())
          .classes(o.classes()).learningRate(1e-4).seed(1).build();
      ComputationGraph net = UNet.create(config);
      INDArray xTrain = Nd4j.rand(DataType.FLOAT, o.trainBatch(), 3, o.size(), o.size());
      INDArray yTrain = oneHotRandom(o.trainBatch(), o.classes(), o.size());
      INDArray xInfer = Nd4j.rand(DataType.FLOAT, o.inferBatch(), 3, o.size(), o.size());
      double[] dl4jTrain = new double[0];
      double[] torchTrain = new double[0];
      double[] dl4jInfer = new double[0];
      double[] torchInfer = new double[0];
      long torchParams = -1;
      for (int round = 0; round < o.rounds(); round++) {
        boolean dl4jFirst = round % 2 == 0;
        for (int part = 0; part < 2; part++) {
          if ((part == 0) == dl4jFirst) {
            dl4jTrain = Dl4jTiming.concat(dl4jTrain, Dl4jTiming.trainSteps(net, xTrain, yTrain, o.warmup(), o.steps()));
          } else {
            TorchRunner.Result r = torch.run(shape.filters(), shape.levels(), o.size(), o.trainBatch(), o.classes(),
                "train", o.warmup(), o.steps());
            torchParams = checkSameNetwork(net, r, shape);
            torchVersion = r.framework() + ", " + r.threads() + " threads";
            torchTrain = Dl4jTiming.concat(torchTrain, r.seconds());
          }
        }
        for (int part = 0; part < 2; part++) {
          if ((part == 0) == dl4jFirst) {
            dl4jInfer = Dl4jTiming.concat(dl4jInfer, Dl4jTiming.inferenceSteps(net, xInfer, o.warmup(), o.steps()));
          } else {
            TorchRunner.Result r = torch.run(shape.filters(), shape.levels(), o.size(), o.inferBatch(), o.classes(),
                "infer", o.warmup(), o.steps());
            torchInfer = Dl4jTiming.concat(torchInfer, r.seconds());
          }
        }
        out.printf(Locale.ROOT, "  %s round %d: train s/step DL4J %.3f PyTorch %.3f; infer s/pass DL4J %.3f PyTorch %.3f%n",
            shape, round + 1, Dl4jTiming.median(dl4jTrain), Dl4jTiming.median(torchTrain),
            Dl4jTiming.median(dl4jInfer), Dl4jTiming.median(torchInfer));
        out.flush();
      }
      rows.add(new Row(shape, torchParams, o.trainBatch(), Dl4jTiming.median(dl4jTrain), Dl4jTiming.median(torchTrain),
          o.inferBatch(), Dl4jTiming.median(dl4jInfer), Dl4jTiming.median(torchInfer)));
    }
    out.println("PyTorch: " + torchVersion);
    out.println();
    out.println("| filters/levels | parameters | train batch | DL4J s/step | PyTorch s/step | DL4J/PyTorch"
        + " | infer batch | DL4J patches/s | PyTorch patches/s | DL4J/PyTorch (time) |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %s | %,d | %d | %.3f | %.3f | %.2f | %d | %.2f | %.2f | %.2f |%n", r.shape(), r.params(),
          r.trainBatch(), r.dl4jTrain(), r.torchTrain(), r.trainRatio(), r.inferBatch(),
          r.inferBatch() / r.dl4jInfer(), r.inferBatch() / r.torchInfer(), r.inferRatio());
    }
    out.flush();
    return rows;
  }

  private static long checkSameNetwork(ComputationGraph net, TorchRunner.Result r, Shape shape) {
    if (r.params() != net.numParams()) {
      throw new IllegalStateException("the PyTorch network of " + shape + " has " + r.params()
          + " parameters, DL4J's " + net.numParams() + ": the two are not the same network");
    }
    return r.params();
  }

  private static INDArray oneHotRandom(int batch, int classes, int size) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes, size, size);
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    float[] data = new float[batch * classes * size * size];
    int plane = size * size;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < plane; i++) {
        data[(b * classes + random.nextInt(classes)) * plane + i] = 1;
      }
    }
    y.data().asNioFloat().put(data);
    return y;
  }
}
