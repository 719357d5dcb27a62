package io.slidestream.models.training;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelClass;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.TrainingBatches;
import io.slidestream.models.data.UniformPatchSampler;
import io.slidestream.models.eval.EvaluationReport;
import io.slidestream.models.smiler.SmilerRelabeling;
import io.slidestream.models.smiler.SmilerRound;
import io.slidestream.models.smiler.SmilerSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop with uniform patch sampling: mini-batches from the deterministic batch
 * sequence, partial-label loss with balancing, validation on dense labels every N iterations,
 * learning rate halved after a plateau, checkpoints from which a run resumes exactly, and a CSV
 * log. Another sampler (hard example mining) plugs in through {@link TrainingBatches}.
 *
 * <p>With SMILEr on ({@link TrainingConfig#smiler()}), the iterations fall into rounds + 1 equal
 * phases; before the first iteration of phase t the network as it is then predicts every whole
 * training image ({@link TiledPrediction}), {@link SmilerRelabeling#round} turns the
 * <em>original</em> label sets into round t's, and training goes on from them with the same batch
 * sequence. Those weights are saved as {@link #smilerFile}(t), so a run resumed inside round t
 * makes exactly the same labels again.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainingConfig config;
  private final PatchSource train;
  private final PatchSource validationSource;
  private final List<LabelClass> classes;
  private final int backgroundClass;
  private final TrainingModel model;
  private final TrainingStep step;

  /** A run whose background class (the one SMILEr never relabels) is class 0. */
  public Trainer(TrainingConfig config, PatchSource train, PatchSource validation, List<LabelClass> classes) {
    this(config, train, validation, classes, 0);
  }

  /**
   * @param backgroundClass the protocol's background class: SMILEr relabels every other class, and
   *                        a sigmoid-head model file names it as the channel of pixels no head claims
   */
  public Trainer(TrainingConfig config, PatchSource train, PatchSource validation, List<LabelClass> classes,
      int backgroundClass) {
    this.config = Objects.requireNonNull(config, "config");
    this.train = Objects.requireNonNull(train, "train");
    this.validationSource = Objects.requireNonNull(validation, "validation");
    this.classes = List.copyOf(classes);
    this.model = new TrainingModel(config, classes, backgroundClass);
    model.requireData(train, validation);
    this.backgroundClass = backgroundClass;
    this.step = TrainingStep.of(config);
    if (config.smiler().enabled() && !(train instanceof InMemoryPatchSource)) {
      throw new IllegalArgumentException("SMILEr relabels whole training images; it needs images in memory, not "
          + train);
    }
  }

  public Path checkpointFile() {
    return config.outputDir().resolve(config.name() + ".checkpoint.zip");
  }

  public Path stateFile() {
    return config.outputDir().resolve(config.name() + ".checkpoint.json");
  }

  /** The weights that scored best on validation. */
  public Path bestFile() {
    return RunFiles.of(config).bestFile();
  }

  public Path logFile() {
    return RunFiles.of(config).logFile();
  }

  /** The model file written at the end: the best weights with everything needed to use them. */
  public Path modelFile() {
    return RunFiles.of(config).modelFile();
  }

  /** The weights that made SMILEr round {@code round}'s labels. */
  public Path smilerFile(int round) {
    return config.outputDir().resolve(config.name() + ".smiler-" + round + ".zip");
  }

  /** A network as configured, freshly initialised from the seed. */
  ComputationGraph newNetwork() {
    return model.newNetwork();
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
      state = new TrainerState(0, config.learningRate(), -1, 0, 0);
    }
    net.setLearningRate(state.learningRate());
    BatchAssembler assembler = model.assembler();
    Curriculum curriculum = config.smiler().enabled()
        ? new Curriculum((InMemoryPatchSource) train, assembler) : null;
    int round = state.smilerRound();
    PatchSource current = train;
    if (curriculum != null && round > 0) {
      ComputationGraph relabeller = ModelSerializer.restoreComputationGraph(smilerFile(round).toFile(), false);
      current = curriculum.relabel(relabeller, round).source();
    }
    TrainingBatches batches = batches(current, assembler);
    ModelSelection selection = new ModelSelection(config, model.validation(validationSource, assembler), bestFile(),
        state.learningRate(), state.bestDice(), state.sinceBest());
    long started = System.nanoTime();
    try (TrainingLog log = new TrainingLog(logFile(), resuming)) {
      for (long it = state.iteration(); it < config.iterations(); it++) {
        long relabelled = -1;
        if (curriculum != null && round < config.smiler().rounds()
            && it == config.smiler().phaseStart(round + 1, config.iterations())) {
          round++;
          AtomicFiles.network(net, smilerFile(round), false);
          Relabelled r = curriculum.relabel(net, round);
          current = r.source();
          batches = batches(current, assembler);
          relabelled = r.round().totalAdded();
          LOG.info("{}: SMILEr round {} of {} before iteration {}: gamma {}, {} pixels relabelled (per class {})",
              config.name(), round, config.smiler().rounds(), it + 1, r.round().gamma(), relabelled,
              Arrays.toString(r.round().positivesAdded()));
          progress.relabelled(it, round, r.round().gamma(), r.round().positivesAdded());
        }
        double score = step.fit(net, batches.batch(it));
        long done = it + 1;
        double dice = Double.NaN;
        if (selection.due(done)) {
          dice = selection.validate(net, done, progress).dice();
        }
        log.row(done, score, selection.learningRate(), dice, (System.nanoTime() - started) / 1e9, MemoryUse.now(),
            round, relabelled);
        progress.iteration(done, config.iterations(), score, selection.learningRate());
        if (done % config.checkpointEvery() == 0 || done == config.iterations()) {
          AtomicFiles.network(net, checkpointFile(), true);
          new TrainerState(done, selection.learningRate(), selection.best(), selection.sinceBest(), round)
              .write(stateFile());
        }
      }
    }
    EvaluationReport bestReport = selection.bestReport();
    if (Files.exists(bestFile())) {
      model.saveModelFile(bestFile(), modelFile());
    }
    return new TrainingResult(modelFile(), bestReport, selection.best());
  }

  private TrainingBatches batches(PatchSource source, BatchAssembler assembler) {
    return TrainingBatches.builder(source, new UniformPatchSampler(source, config.patchSize(), config.patchSize(),
            config.seed()))
        .augmentation(AugmentationPipeline.parse(config.augmentation()))
        .assembler(assembler)
        .batchSize(config.batchSize())
        .seed(config.seed())
        .parallel(true)
        .build();
  }

  private record Relabelled(SmilerRound round, InMemoryPatchSource source) {}

  /** SMILEr's relabelling between phases: always from the original label sets. */
  private final class Curriculum {
    private final InMemoryPatchSource original;
    private final List<LabelSetRaster> originals = new ArrayList<>();
    private final SmilerSchedule schedule;
    private final TiledPrediction prediction;
    private final long relabelledClasses;

    Curriculum(InMemoryPatchSource original, BatchAssembler assembler) {
      this.original = original;
      for (int r = 0; r < original.regionCount(); r++) {
        originals.add(original.labels(r));
      }
      this.schedule = config.smiler().schedule();
      this.prediction = new TiledPrediction(config.patchSize(), assembler, config.batchSize());
      // Petit relabels the organs, never the background.
      this.relabelledClasses = ((1L << classes.size()) - 1) & ~(1L << backgroundClass);
    }

    Relabelled relabel(ComputationGraph net, int round) {
      SmilerRound r = SmilerRelabeling.round(schedule, round, originals,
          prediction.predict(net, original, classes.size()), relabelledClasses);
      return new Relabelled(r, original.withLabels(r.labels()));
    }
  }
}
