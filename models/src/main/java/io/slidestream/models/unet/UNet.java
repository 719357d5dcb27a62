package io.slidestream.models.unet;

import io.slidestream.models.runtime.Dl4jRuntime;
import java.util.Objects;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The U-Net of Bokhorst et al. (methods §4) as a DL4J {@link ComputationGraph}.
 *
 * <p>Per level {@code l} (filters {@code F·2^l}): a block of two 3×3 convolutions with ReLU whose
 * output is the block's input concatenated with its last feature map (the paper's skip connection
 * inside each block); 2×2 max-pooling down to the next level. The deepest level is the bottleneck.
 * Going up: 2× nearest-neighbour up-sampling followed by a 3×3 convolution (instead of a transposed
 * convolution), concatenation with the encoder block of that level, and a block as above. A 1×1
 * convolution gives C logits per pixel, and a {@link CnnLossLayer} applies softmax or sigmoid over
 * channels and the loss. All convolutions use same-padding, so the output is as large as the input;
 * weights are He-initialised, the optimiser is Adam. Data layout NCHW, single precision.
 *
 * <p>Inputs are {@code [batch, inputChannels, H, W]} with H and W multiples of {@code 2^(levels-1)};
 * outputs (and labels, and the per-pixel loss mask {@code [batch, 1, H, W]}) are
 * {@code [batch, classes, H, W]}.
 *
 * <p>Speed on CPU: training caches each convolution's pre-activation from the forward pass
 * ({@link CacheMode#DEVICE}) instead of DL4J's default of computing it again during backprop, which
 * halves the forward convolutions of a training step. The layout is NCHW: with DL4J 1.0.0-M2.1 a
 * channels-last (NHWC) network cannot train (its oneDNN convolution backprop crashes natively, SIGSEGV
 * in {@code conv2d_bp}) and infers no faster (measured single-threaded here: the same time within
 * 3%), unlike PyTorch, whose channels_last layout is faster.
 */
public final class UNet {

  /** Name of the graph's input. */
  public static final String INPUT = "input";
  /** Name of the 1×1 convolution producing the logits. */
  public static final String LOGITS = "logits";
  /** Name of the output {@link CnnLossLayer}. */
  public static final String OUTPUT = "output";

  private UNet() {}

  /**
   * A new, initialised network whose output layer trains with {@code loss}: any DL4J
   * {@link ILossFunction} over labels {@code [B,C,H,W]} (DL4J's own, or the project's partial-label
   * losses). Initialises the DL4J runtime first so that convolutions get their fast helpers.
   */
  public static ComputationGraph create(UNetConfig config, ILossFunction loss) {
    Dl4jRuntime.initialise();
    ComputationGraph graph = new ComputationGraph(configuration(config, loss));
    graph.init();
    return graph;
  }

  /** A new network with the head's plain loss (cross entropy or binary cross entropy). */
  public static ComputationGraph create(UNetConfig config) {
    return create(config, config.head().defaultLoss());
  }

  /** The graph configuration, for callers that initialise or transfer parameters themselves. */
  public static ComputationGraphConfiguration configuration(UNetConfig config, ILossFunction loss) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(loss, "loss");
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(config.learningRate()))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same)
        .cacheMode(CacheMode.DEVICE)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(config.patchSize(), config.patchSize(), config.inputChannels()));

    Wiring w = new Wiring(g, config);
    int deepest = config.levels() - 1;
    String[] skips = new String[deepest];
    String x = INPUT;
    for (int level = 0; level < deepest; level++) {
      skips[level] = w.block("enc" + level, x, config.filtersAt(level), false);
      x = "pool" + level;
      g.addLayer(x, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
          .kernelSize(2, 2).stride(2, 2).build(), skips[level]);
    }
    x = w.block("bottleneck", x, config.filtersAt(deepest), config.dropout() > 0);
    for (int level = deepest - 1; level >= 0; level--) {
      String name = "dec" + level;
      g.addLayer(name + "_up", new Upsampling2D.Builder(2).build(), x);
      String upConv = w.conv(name + "_upconv", name + "_up", config.filtersAt(level), false);
      g.addVertex(name + "_merge", new MergeVertex(), upConv, skips[level]);
      x = w.block(name, name + "_merge", config.filtersAt(level), false);
    }
    g.addLayer(LOGITS, new ConvolutionLayer.Builder(1, 1).nOut(config.classes())
        .activation(Activation.IDENTITY).build(), x);
    g.addLayer(OUTPUT, new CnnLossLayer.Builder(loss).activation(config.head().activation()).build(), LOGITS);
    g.setOutputs(OUTPUT);
    return g.build();
  }

  /** Adds blocks and convolutions of one configuration to a graph builder. */
  private record Wiring(ComputationGraphConfiguration.GraphBuilder g, UNetConfig config) {

    /** Two 3×3 convolutions; the block's output concatenates its input with the second one's output. */
    String block(String name, String input, int filters, boolean dropout) {
      String c1 = conv(name + "_conv1", input, filters, dropout);
      String c2 = conv(name + "_conv2", c1, filters, dropout);
      g.addVertex(name, new MergeVertex(), input, c2);
      return name;
    }

    /** A 3×3 convolution with ReLU (after batch normalisation when configured); returns the output's name. */
    String conv(String name, String input, int filters, boolean dropout) {
      ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(3, 3).nOut(filters)
          .activation(config.batchNorm() ? Activation.IDENTITY : Activation.RELU);
      if (dropout) {
        // DL4J's Dropout takes the probability of keeping an input.
        b.dropOut(new Dropout(1 - config.dropout()));
      }
      g.addLayer(name, b.build(), input);
      if (!config.batchNorm()) {
        return name;
      }
      g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
      g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
      return name + "_relu";
    }
  }
}
