package io.slidestream.bench.models;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.runtime.RuntimeReport;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same U-Net, same weights, same data, timed side by side in one JVM: as stock DL4J M2.1 runs it
 * (no layer helpers: convolutions through DL4J's own im2col and GEMM) and as this project runs it
 * after {@link Dl4jRuntime#initialise()} (oneDNN helpers). Rounds alternate which goes first.
 * Reports the helpers each network's layers hold and the stock/fixed time ratio.
 */
public final class OneDnnBenchmark {

  /**
   * @param filters first-level filters
   * @param levels  U-Net levels
   * @param size    patch side
   * @param batch   patches per step
   * @param rounds  interleaved rounds
   * @param steps   timed steps per round and network (after one warm-up step)
   */
  public record Options(int filters, int levels, int size, int batch, int rounds, int steps) {

    /** 16 filters, 4 levels, 128 px, batch 4, 3 rounds of 2 steps: a few minutes, mostly the stock path. */
    public static Options defaults() {
      return new Options(16, 4, 128, 4, 3, 2);
    }
  }

  /** Median seconds per step. */
  public record Result(double stockTrain, double fixedTrain, double stockInfer, double fixedInfer) {

    public double trainSpeedup() {
      return stockTrain / fixedTrain;
    }

    public double inferSpeedup() {
      return stockInfer / fixedInfer;
    }
  }

  private OneDnnBenchmark() {}

  /** Options: {@code filters levels size batch rounds steps}, all optional, in that order. */
  public static void main(String[] args) {
    Options d = Options.defaults();
    int[] v = {d.filters(), d.levels(), d.size(), d.batch(), d.rounds(), d.steps()};
    for (int i = 0; i < args.length && i < v.length; i++) {
      v[i] = Integer.parseInt(args[i]);
    }
    PrintWriter out = new PrintWriter(System.out, true);
    run(out, new Options(v[0], v[1], v[2], v[3], v[4], v[5]));
    out.flush();
  }

  public static Result run(PrintWriter out, Options o) {
    RuntimeReport runtime = Dl4jRuntime.initialise();
    UNetConfig config = UNetConfig.builder().levels(o.levels()).filters(o.filters()).patchSize(o.size()).classes(3)
        .learningRate(1e-4).seed(1).build();
    ComputationGraph fixed = UNet.create(config);
    ComputationGraph stock = Dl4jRuntime.withoutHelpers(() -> UNet.create(config));
    stock.setParams(fixed.params());
    out.printf(Locale.ROOT, "U-Net %d/%d (filters/levels), %dx%d px, batch %d: stock DL4J M2.1 against oneDNN helpers,"
        + " %d interleaved rounds x %d steps%n", o.filters(), o.levels(), o.size(), o.size(), o.batch(), o.rounds(),
        o.steps());
    out.println("runtime: " + runtime.summary());
    out.println("helpers, stock: " + helperKinds(Dl4jRuntime.layerHelpers(stock)));
    out.println("helpers, fixed: " + helperKinds(Dl4jRuntime.layerHelpers(fixed)));
    out.flush();

    INDArray x = Nd4j.rand(DataType.FLOAT, o.batch(), 3, o.size(), o.size());
    INDArray y = Nd4j.zeros(DataType.FLOAT, o.batch(), 3, o.size(), o.size());
    y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(1);
    double[][] t = {new double[0], new double[0], new double[0], new double[0]};
    for (int round = 0; round < o.rounds(); round++) {
      ComputationGraph[] order = round % 2 == 0 ? new ComputationGraph[] {stock, fixed}
          : new ComputationGraph[] {fixed, stock};
      for (ComputationGraph net : order) {
        int k = net == stock ? 0 : 1;
        t[k] = Dl4jTiming.concat(t[k], Dl4jTiming.trainSteps(net, x, y, 1, o.steps()));
        t[2 + k] = Dl4jTiming.concat(t[2 + k], Dl4jTiming.inferenceSteps(net, x, 1, o.steps()));
      }
      out.printf(Locale.ROOT, "  round %d: train s/step stock %.3f fixed %.3f; infer s/pass stock %.3f fixed %.3f%n",
          round + 1, Dl4jTiming.median(t[0]), Dl4jTiming.median(t[1]), Dl4jTiming.median(t[2]),
          Dl4jTiming.median(t[3]));
      out.flush();
    }
    Result r = new Result(Dl4jTiming.median(t[0]), Dl4jTiming.median(t[1]), Dl4jTiming.median(t[2]),
        Dl4jTiming.median(t[3]));
    out.println();
    out.println("| | stock DL4J s | with oneDNN s | stock/oneDNN |");
    out.println("|---|---|---|---|");
    out.printf(Locale.ROOT, "| training step | %.3f | %.3f | %.1fx |%n", r.stockTrain(), r.fixedTrain(), r.trainSpeedup());
    out.printf(Locale.ROOT, "| forward pass | %.3f | %.3f | %.1fx |%n", r.stockInfer(), r.fixedInfer(), r.inferSpeedup());
    out.flush();
    return r;
  }

  private static TreeSet<String> helperKinds(Map<String, String> helpers) {
    return new TreeSet<>(helpers.values());
  }
}
