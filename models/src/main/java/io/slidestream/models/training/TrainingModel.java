package io.slidestream.models.training;

import io.slidestream.images.LabelClass;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.losses.Losses;
import io.slidestream.models.losses.PartialLabelLoss;
import io.slidestream.models.runtime.LibraryVersions;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * What a run trains, as its configuration and classes say: the U-Net (freshly initialised from
 * the seed), its loss and head, the input normalisation, how it is validated, and the model file
 * that packages the chosen weights for {@code predict} and the service. Shared by every training
 * loop so that a model trained with hard example mining is the same kind of file as one trained
 * with uniform sampling.
 */
public final class TrainingModel {

  private final TrainingConfig config;
  private final List<LabelClass> classes;
  private final int backgroundClass;
  private final PartialLabelLoss loss;
  private final InputNormalisation normalisation = InputNormalisation.UNIT_RANGE;
  private final int inputChannels;

  /**
   * @param backgroundClass the protocol's background class: a sigmoid-head model file names it as
   *                        the channel of pixels no head claims
   */
  public TrainingModel(TrainingConfig config, List<LabelClass> classes, int backgroundClass) {
    this(config, classes, backgroundClass, 3);
  }

  /**
   * @param inputChannels 3 for RGB; more when samples carry extra channels (a compound model's
   *                      second network)
   */
  public TrainingModel(TrainingConfig config, List<LabelClass> classes, int backgroundClass, int inputChannels) {
    if (inputChannels < 3) {
      throw new IllegalArgumentException("a model reads RGB and maybe more: input channels " + inputChannels);
    }
    this.inputChannels = inputChannels;
    this.config = Objects.requireNonNull(config, "config");
    this.classes = List.copyOf(classes);
    if (backgroundClass < 0 || backgroundClass >= classes.size()) {
      throw new IllegalArgumentException("background class " + backgroundClass + " is not one of the "
          + classes.size() + " classes");
    }
    this.backgroundClass = backgroundClass;
    this.loss = Losses.named(config.loss());
  }

  /** Checks that training and validation data have this model's classes. */
  public void requireData(PatchSource train, PatchSource validation) {
    if (train.classCount() != classes.size() || validation.classCount() != classes.size()) {
      throw new IllegalArgumentException("training data of " + train.classCount() + " classes and validation data of "
          + validation.classCount() + " for a model of " + classes.size() + " classes");
    }
  }

  public PartialLabelLoss loss() {
    return loss;
  }

  /** The network's output head, as its loss needs it. */
  public Head head() {
    return loss.head();
  }

  public List<LabelClass> classes() {
    return classes;
  }

  public int backgroundClass() {
    return backgroundClass;
  }

  /** Turns patches into network input with this model's normalisation. */
  public BatchAssembler assembler() {
    return new BatchAssembler(normalisation::write);
  }

  public UNetConfig networkConfig() {
    return UNetConfig.builder()
        .levels(config.levels())
        .filters(config.filters())
        .patchSize(config.patchSize())
        .inputChannels(inputChannels)
        .classes(classes.size())
        .head(head())
        .seed(config.seed())
        .learningRate(config.learningRate())
        .build();
  }

  /** A network as configured, freshly initialised from the seed. */
  public ComputationGraph newNetwork() {
    return UNet.create(networkConfig(), loss);
  }

  /** Dense validation on {@code source} as the run's training loop does it. */
  public Validation validation(PatchSource source, BatchAssembler assembler) {
    return new Validation(source, config.patchSize(), assembler, classes.stream().map(LabelClass::name).toList(),
        config.batchSize(), head(), backgroundClass);
  }

  /** Writes the model file: the weights in {@code weights} with everything needed to use them. */
  public void saveModelFile(Path weights, Path modelFile) throws IOException {
    ComputationGraph best = ModelSerializer.restoreComputationGraph(weights.toFile(), false);
    ModelMetadata.Builder metadata = ModelMetadata.builder(config.name(), networkConfig(), classes)
        .micronsPerPixel(config.micronsPerPixel())
        .normalisation(normalisation)
        .lossName(config.loss())
        .trainingConfiguration(config.toJson())
        .libraries(LibraryVersions.current())
        .createdAt(Instant.now());
    if (loss.head() == Head.SIGMOID) {
      metadata.backgroundChannel(backgroundClass);
    }
    ModelFile.save(modelFile, new TrainedModel(best, metadata.build()));
  }
}
