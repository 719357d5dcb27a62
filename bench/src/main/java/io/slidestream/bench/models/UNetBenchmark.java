package io.slidestream.bench.models;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.runtime.RuntimeReport;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code slidestream bench unet}: the project's U-Net in DL4J against the same network in PyTorch
 * ({@code bench/python/unet_torch.py}) on CPU, both with as many threads as cores, interleaved in one run so
 * that both see the same machine. Per round and network: a DL4J training step and a PyTorch one, a
 * DL4J forward pass and a PyTorch one (DL4J and PyTorch back to back, which goes first alternating by
 * round, PyTorch in a fresh Python process each time), both NCHW; and for reference PyTorch's
 * training step and forward pass in its faster {@code channels_last} layout, which DL4J M2.1 cannot
 * use to advantage (NHWC backprop crashes natively; NHWC inference is no faster), compared with DL4J's
 * NCHW times of the same rounds.
 *
 * <p>Reports medians over all timed steps and the ratio DL4J/PyTorch of the time per step (for inference
 * too, so below 1 means DL4J is faster). Both sides: float32, random input; training = forward,
 * softmax cross entropy, backward, Adam; inference = forward in inference mode with the softmax. The
 * parameter counts are compared before timing, so the two networks are known to be the same.
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
   * @param script     {@code bench/python/unet_torch.py}
   */
  public record Options(List<Shape> shapes, int size, int classes, int trainBatch, int inferBatch, int rounds,
      int warmup, int steps, int threads, String python, Path script) {

    /** The benchmark: 16/4 and 32/5 at 256x256, training batch 4, inference batch 8, 3 rounds. */
    public static Options defaults() {
      return new Options(List.of(new Shape(16, 4), new Shape(32, 5)), 256, 3, 4, 8, 3, 1, 3,
          Runtime.getRuntime().availableProcessors(), "/usr/bin/python3", defaultScript());
    }

    /** {@code bench/python/unet_torch.py} under the installation, the repository or here. */
    static Path defaultScript() {
      return PythonScripts.find("unet_torch.py");
    }
  }

  /** What one row times. */
  public enum Task {
    TRAIN("training step", "NCHW", "train", false),
    TRAIN_VS_CHANNELS_LAST("training step", "DL4J NCHW, PyTorch channels-last", "train", true),
    INFER("forward pass", "NCHW", "infer", false),
    INFER_VS_CHANNELS_LAST("forward pass", "DL4J NCHW, PyTorch channels-last", "infer", true);

    final String label;
    final String layout;
    final String mode;
    final boolean channelsLast;

    Task(String label, String layout, String mode, boolean channelsLast) {
      this.label = label;
      this.layout = layout;
      this.mode = mode;
      this.channelsLast = channelsLast;
    }

    boolean training() {
      return mode.equals("train");
    }

    /** The task whose DL4J timings this row uses: DL4J always runs NCHW. */
    Task dl4jTask() {
      return training() ? TRAIN : INFER;
    }
  }

  /** Medians for one network and task, in seconds per step. */
  public record Row(Shape shape, long params, Task task, int batch, double dl4j, double torch) {

    /** DL4J's time over PyTorch's: below 1, DL4J is faster. */
    public double ratio() {
      return dl4j / torch;
    }
  }

  private UNetBenchmark() {}

  /**
   * Options: {@code --shapes 16/4,32/5 --size 256 --train-batch 4 --infer-batch 8 --rounds 3 --steps 3
   * --threads N --python /usr/bin/python3 --script bench/python/unet_torch.py}.
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
      Map<Task, double[]> dl4j = new EnumMap<>(Task.class);
      Map<Task, double[]> pytorch = new EnumMap<>(Task.class);
      long params = net.numParams();
      for (int round = 0; round < o.rounds(); round++) {
        boolean dl4jFirst = round % 2 == 0;
        for (Task task : Task.values()) {
          int batch = task.training() ? o.trainBatch() : o.inferBatch();
          boolean withDl4j = task.dl4jTask() == task;
          for (int part = 0; part < 2; part++) {
            if ((part == 0) == dl4jFirst) {
              if (withDl4j) {
                dl4j.merge(task, task.training() ? Dl4jTiming.trainSteps(net, xTrain, yTrain, o.warmup(), o.steps())
                    : Dl4jTiming.inferenceSteps(net, xInfer, o.warmup(), o.steps()), Dl4jTiming::concat);
              }
            } else {
              TorchRunner.Result r = torch.run(shape.filters(), shape.levels(), o.size(), batch, o.classes(), task.mode,
                  task.channelsLast, o.warmup(), o.steps());
              checkSameNetwork(params, r, shape);
              torchVersion = r.framework() + ", " + r.threads() + " threads";
              pytorch.merge(task, r.seconds(), Dl4jTiming::concat);
            }
          }
        }
        out.printf(Locale.ROOT, "  %s round %d:", shape, round + 1);
        for (Task task : Task.values()) {
          out.printf(Locale.ROOT, " %s %s DL4J %.3f PyTorch %.3f;", task.label, task.layout,
              median(dl4j.get(task.dl4jTask())), median(pytorch.get(task)));
        }
        out.println();
        out.flush();
      }
      for (Task task : Task.values()) {
        rows.add(new Row(shape, params, task, task.training() ? o.trainBatch() : o.inferBatch(),
            median(dl4j.get(task.dl4jTask())), median(pytorch.get(task))));
      }
    }
    out.println("PyTorch: " + torchVersion);
    out.println();
    out.println("| filters/levels | parameters | task | layout | batch | DL4J s | PyTorch s | DL4J/PyTorch"
        + " | DL4J patches/s | PyTorch patches/s |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %d | %.3f | %.3f | %.2f | %.2f | %.2f |%n", r.shape(), r.params(),
          r.task().label, r.task().layout, r.batch(), r.dl4j(), r.torch(), r.ratio(), r.batch() / r.dl4j(),
          r.batch() / r.torch());
    }
    out.flush();
    return rows;
  }

  private static double median(double[] values) {
    return values == null ? Double.NaN : Dl4jTiming.median(values);
  }

  private static void checkSameNetwork(long params, TorchRunner.Result r, Shape shape) {
    if (r.params() != params) {
      throw new IllegalStateException("the PyTorch network of " + shape + " has " + r.params()
          + " parameters, DL4J's " + params + ": the two are not the same network");
    }
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
