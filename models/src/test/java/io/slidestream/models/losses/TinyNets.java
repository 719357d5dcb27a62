package io.slidestream.models.losses;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Tiny DL4J graphs ending in a {@code CnnLossLayer} with a given loss, as the U-Net will: a 3×3
 * tanh convolution, a 1×1 convolution to one logit per class, the loss layer with the loss's head.
 */
final class TinyNets {

  private TinyNets() {}

  static ComputationGraph graph(PartialLabelLoss loss, int inChannels, int hidden, int classes, int size,
      DataType type, IUpdater updater, long seed) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(type)
        .updater(updater)
        .weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional(size, size, inChannels))
        .addLayer("hidden", new ConvolutionLayer.Builder(3, 3).nOut(hidden).convolutionMode(ConvolutionMode.Same)
            .activation(Activation.TANH).build(), "in")
        .addLayer("logits", new ConvolutionLayer.Builder(1, 1).nOut(classes).activation(Activation.IDENTITY).build(),
            "hidden")
        .addLayer("out", new CnnLossLayer.Builder(loss).activation(loss.head().activation()).build(), "logits")
        .setOutputs("out")
        .build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }

  /** The graph written with {@link ModelSerializer} and read back, updater included. */
  static ComputationGraph saveAndLoad(ComputationGraph net) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ModelSerializer.writeModel(net, bytes, true);
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
