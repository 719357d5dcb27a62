package io.slidestream.models.io;

import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Whether a network is the U-Net its metadata describes: the same vertices with the same layer
 * kinds, the same channel counts and kernels, and an output layer applying the declared head. This
 * catches weights saved with one class list and metadata written for another.
 */
final class NetworkCheck {

  private NetworkCheck() {}

  /** Every mismatch found, empty when the network fits. */
  static List<String> problems(ComputationGraph graph, UNetConfig network) {
    List<String> problems = new ArrayList<>();
    ComputationGraphConfiguration actual = graph.getConfiguration();
    Layer output = layer(actual.getVertices().get(UNet.OUTPUT));
    if (!(output instanceof CnnLossLayer loss)) {
      problems.add("the network has no CnnLossLayer named '" + UNet.OUTPUT + "'");
      return problems;
    }
    String expectedActivation = network.head().activation().getActivationFunction().getClass().getSimpleName();
    String actualActivation = loss.getActivationFn().getClass().getSimpleName();
    if (!expectedActivation.equals(actualActivation)) {
      problems.add("the output layer applies " + actualActivation + " but the metadata declares a "
          + network.head().configName() + " head (" + expectedActivation + ")");
      // DL4J would refuse to even build the expected configuration with this loss and the other head.
      return problems;
    }
    ILossFunction lossFn = loss.getLossFn();
    Map<String, GraphVertex> expected = UNet.configuration(network, lossFn).getVertices();
    if (!expected.keySet().equals(actual.getVertices().keySet())) {
      TreeSet<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(actual.getVertices().keySet());
      TreeSet<String> extra = new TreeSet<>(actual.getVertices().keySet());
      extra.removeAll(expected.keySet());
      problems.add("the network's layers differ from a U-Net of " + network.levels() + " levels"
          + (network.batchNorm() ? " with batch normalisation" : "") + ": missing " + missing + ", unexpected " + extra);
      return problems;
    }
    for (Map.Entry<String, GraphVertex> e : expected.entrySet()) {
      String name = e.getKey();
      Layer want = layer(e.getValue());
      Layer have = layer(actual.getVertices().get(name));
      if (want == null || have == null) {
        if ((want == null) != (have == null)) {
          problems.add("vertex '" + name + "' should " + (want == null ? "not " : "") + "be a layer");
        }
        continue;
      }
      if (want.getClass() != have.getClass()) {
        problems.add("layer '" + name + "' is a " + have.getClass().getSimpleName() + ", expected a "
            + want.getClass().getSimpleName());
      } else if (want instanceof ConvolutionLayer w && have instanceof ConvolutionLayer h) {
        if (w.getNIn() != h.getNIn() || w.getNOut() != h.getNOut()
            || !java.util.Arrays.equals(w.getKernelSize(), h.getKernelSize())) {
          problems.add("layer '" + name + "' maps " + h.getNIn() + " to " + h.getNOut() + " channels with a "
              + kernel(h) + " kernel; the metadata's network maps " + w.getNIn() + " to " + w.getNOut()
              + " with " + kernel(w) + (name.equals(UNet.LOGITS) ? " (one output channel per class)" : ""));
        }
      }
    }
    return problems;
  }

  private static String kernel(ConvolutionLayer c) {
    return c.getKernelSize()[0] + "x" + c.getKernelSize()[1];
  }

  private static Layer layer(GraphVertex v) {
    return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
  }
}
