package io.slidestream.models.training;

import io.slidestream.images.LabelClass;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.Batch;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.TrainingBatches;
import io.slidestream.models.data.UniformPatchSampler;
import io.slidestream.models.eval.EvaluationReport;
import io.slidestream.models.losses.Losses;
import io.slidestream.models.losses.PartialLabelLoss;
import io.slidestream.models.losses.TrainingTargets;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.runtime.LibraryVersions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The training loop with uniform patch sampling: mini-batches from the deterministic batch
 * sequence, partial-label loss with balancing, validation on dense labels every N iterations,
 * learning rate halved after a plateau, checkpoints from which a run resumes exactly, and a CSV
 * log. Another sampler (hard example mining) plugs in through {@link TrainingBatches}.
 */
public final class Trainer {

  private final TrainingConfig config;
  private final PatchSource train;
  private final UniformPatchSampler sampler;
  private final PatchSource validationSource;
  private final List<LabelClass> classes;
  private final PartialLabelLoss loss;
  private final Balancing balancing;
  private final InputNormalisation normalisation = InputNormalisation.UNIT_RANGE;

  public Trainer(TrainingConfig config, InMemoryPatchSource train, PatchSource validation, List<LabelClass> classes) {
    this.config = config;
    this.train = train;
    this.validationSource = validation;
    this.classes = List.copyOf(classes);
    this.loss = Losses.named(config.loss());
    this.balancing = Balancing.named(config.balancing());
    this.sampler = new UniformPatchSampler(train, config.patchSize(), config.patchSize(), config.seed());
  }

  public Path checkpointFile() {
    return config.outputDir().resolve(config.name() + ".checkpoint.zip");
  }

  public Path stateFile() {
    return config.outputDir().resolve(config.name() + ".checkpoint.json");
  }

  /** The weights that scored best on validation. */
  public Path bestFile() {
    return config.outputDir().resolve(config.name() + ".best.zip");
  }

  public Path logFile() {
    return config.outputDir().resolve(config.name() + ".log.csv");
  }

  /** The model file written at the end: the best weights with everything needed to use them. */
  public Path modelFile() {
    return config.outputDir().resolve(config.name() + ".model.zip");
  }

  /** A network as configured, freshly initialised from the seed. */
  ComputationGraph newNetwork() {
    return UNet.create(networkConfig(), loss);
  }

  private UNetConfig networkConfig() {
    return UNetConfig.builder()
        .levels(config.levels())
        .filters(config.filters())
        .patchSize(config.patchSize())
        .inputChannels(3)
        .classes(classes.size())
        .head(Head.valueOf(loss.head().name()))
        .seed(config.seed())
        .learningRate(config.learningRate())
        .build();
  }

  /**
   * Trains to {@code config.iterations()}, starting from the checkpoint if {@code resume} and one
   * exists. Returns the best validation report.
   */
  public TrainingResult run(boolean resume, TrainingProgress progress) throws IOException {
    Files.createDirectories(config.outputDir());
    boolean resuming = resume && Files.exists(checkpointFile()) && Files.exists(stateFile());
    ComputationGraph net;
    TrainerState state;
    if (resuming) {
      net = ModelSerializer.restoreComputationGraph(checkpointFile().toFile(), true);
      state = TrainerState.read(stateFile());
    } else {
      net = newNetwork();
      state = new TrainerState(0, config.learningRate(), -1, 0);
    }
    net.setLearningRate(state.learningRate());
    PlateauHalving schedule = new PlateauHalving(state.learningRate(), config.patience(), state.bestDice(),
        state.sinceBest());
    BatchAssembler assembler = new BatchAssembler(normalisation::write);
    TrainingBatches batches = TrainingBatches.builder(train, sampler)
        .augmentation(AugmentationPipeline.parse(config.augmentation()))
        .assembler(assembler)
        .batchSize(config.batchSize())
        .seed(config.seed())
        .parallel(true)
        .build();
    Validation validation = new Validation(validationSource, config.patchSize(), assembler,
        classes.stream().map(LabelClass::name).toList(), config.batchSize());
    EvaluationReport bestReport = null;
    long started = System.nanoTime();
    try (TrainingLog log = new TrainingLog(logFile(), resuming)) {
      for (long it = state.iteration(); it < config.iterations(); it++) {
        Batch batch = batches.batch(it);
        TrainingTargets targets = TrainingTargets.of(batch.labels(), loss, balancing);
        net.fit(new MultiDataSet(new INDArray[] {batch.features()}, new INDArray[] {targets.labels()}, null,
            new INDArray[] {targets.mask()}));
        double score = net.score();
        long done = it + 1;
        double dice = Double.NaN;
        if (done % config.validateEvery() == 0 || done == config.iterations()) {
          EvaluationReport report = validation.evaluate(net, config.name() + " @ " + done);
          dice = report.dice().overall();
          double before = schedule.learningRate();
          boolean best = schedule.record(dice);
          if (best) {
            bestReport = report;
            writeAtomically(net, bestFile(), false);
          }
          if (schedule.learningRate() != before) {
            net.setLearningRate(schedule.learningRate());
          }
          progress.validated(done, dice, best);
        }
        log.row(done, score, schedule.learningRate(), dice, (System.nanoTime() - started) / 1e9);
        progress.iteration(done, config.iterations(), score, schedule.learningRate());
        if (done % config.checkpointEvery() == 0 || done == config.iterations()) {
          writeAtomically(net, checkpointFile(), true);
          new TrainerState(done, schedule.learningRate(), schedule.best(), schedule.sinceBest()).write(stateFile());
        }
      }
    }
    if (bestReport == null && Files.exists(bestFile())) {
      // Resumed after the best validation: report the best weights as they score now.
      bestReport = validation.evaluate(ModelSerializer.restoreComputationGraph(bestFile().toFile(), false),
          config.name() + " (best)");
    }
    if (Files.exists(bestFile())) {
      ComputationGraph best = ModelSerializer.restoreComputationGraph(bestFile().toFile(), false);
      ModelMetadata metadata = ModelMetadata.builder(config.name(), networkConfig(), classes)
          .micronsPerPixel(config.micronsPerPixel())
          .normalisation(normalisation)
          .lossName(config.loss())
          .trainingConfiguration(config.toJson())
          .libraries(LibraryVersions.current())
          .createdAt(Instant.now())
          .build();
      ModelFile.save(modelFile(), new TrainedModel(best, metadata));
    }
    return new TrainingResult(modelFile(), bestReport, schedule.best());
  }

  // A kill between writing and renaming leaves the previous file whole, never a torn one.
  private static void writeAtomically(ComputationGraph net, Path target, boolean withUpdater) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
