package io.slidestream.bench.models;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Wall-clock timing of DL4J training steps and forward passes, the way the project runs them. */
final class Dl4jTiming {

  private static final String WORKSPACE = "slidestream-bench-output";
  private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
      .initialSize(0).overallocationLimit(0.1).policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
      .policySpill(SpillPolicy.REALLOCATE).build();

  private Dl4jTiming() {}

  /** Seconds of each of {@code steps} training steps (forward, loss, backward, Adam) after {@code warmup}. */
  static double[] trainSteps(ComputationGraph net, INDArray x, INDArray y, int warmup, int steps) {
    INDArray[] in = {x};
    INDArray[] out = {y};
    double[] seconds = new double[steps];
    for (int i = 0; i < warmup + steps; i++) {
      long t0 = System.nanoTime();
      net.fit(in, out);
      if (i >= warmup) {
        seconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
      }
    }
    return seconds;
  }

  /**
   * Seconds of each of {@code steps} forward passes in inference mode, output (probabilities) in a
   * reused workspace as {@code SegmentationModel} does, after {@code warmup}.
   */
  static double[] inferenceSteps(ComputationGraph net, INDArray x, int warmup, int steps) {
    double[] seconds = new double[steps];
    for (int i = 0; i < warmup + steps; i++) {
      long t0 = System.nanoTime();
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
        net.output(false, ws, x);
      }
      if (i >= warmup) {
        seconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
      }
    }
    return seconds;
  }

  /** The median of some timings. */
  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Concatenates timings of several rounds. */
  static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
