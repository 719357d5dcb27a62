package io.slidestream.models.hem;

import io.slidestream.images.LabelClass;
import io.slidestream.models.augment.AugmentationPipeline;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.TrainingBatches;
import io.slidestream.models.training.MemoryUse;
import io.slidestream.models.training.ModelSelection;
import io.slidestream.models.training.RunFiles;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingLog;
import io.slidestream.models.training.TrainingModel;
import io.slidestream.models.training.TrainingResult;
import io.slidestream.models.training.TrainingStep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training process of quasi-online hard example mining (see the package description for the
 * cycle protocol): it samples {@code k} patches from the previous cycle's error maps into the
 * {@link PatchPool}, trains {@code ceil(k / batch-size)} mini-batches drawn from the pool once the
 * pool holds {@code n-min}, and at each rendezvous hands its weights to the error-map workers,
 * takes their maps, adjusts {@code k} by who waited ({@link KnController}) and checkpoints.
 *
 * <p>A mini-batch is trained exactly as in {@link io.slidestream.models.training.Trainer}
 * ({@link TrainingStep}: the partial-label loss with balancing per batch), read through
 * {@link TrainingBatches} (each sample augmented with the seed of its place in the run), and
 * validated, kept and slowed down by {@link ModelSelection}. The model file at the end is the same
 * kind {@code Trainer} writes.
 *
 * <p>Given the same error maps and the same sequence of {@code k}, a run is deterministic: maps
 * are sampled, and the pool drawn, with seeds derived from the run seed and the cycle. {@code k}
 * itself follows measured wall-clock idle times, so two runs (or a run and its resumption) may
 * differ from the first adjustment on.
 */
public final class HemTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(HemTrainer.class);

  private final TrainingConfig config;
  private final HemConfig hem;
  private final PatchSource train;
  private final PatchSource validationSource;
  private final TrainingModel model;
  private final TrainingStep step;
  private final TrainerLink link;
  private final HemCheckpoint checkpoint;
  private final RunFiles files;

  public HemTrainer(TrainingConfig config, PatchSource train, PatchSource validation, List<LabelClass> classes,
      int backgroundClass, TrainerLink link) {
    this.config = Objects.requireNonNull(config, "config");
    this.hem = config.hem();
    this.train = Objects.requireNonNull(train, "train");
    this.validationSource = Objects.requireNonNull(validation, "validation");
    this.link = Objects.requireNonNull(link, "link");
    this.model = new TrainingModel(config, classes, backgroundClass);
    model.requireData(train, validation);
    this.files = RunFiles.of(config);
    this.step = TrainingStep.of(config);
    this.checkpoint = new HemCheckpoint(config.outputDir(), config.name());
  }

  /** The last cycle's checkpoint state ({@code NAME.hem.json}); it names the cycle's other checkpoint files. */
  public Path stateFile() {
    return checkpoint.stateFile();
  }

  /** One row per mini-batch, as {@code Trainer} writes it. */
  public Path logFile() {
    return files.logFile();
  }

  /** One row per cycle ({@link HemCycleReport}). */
  public Path cycleLogFile() {
    return files.file(".hem.csv");
  }

  public Path bestFile() {
    return files.bestFile();
  }

  /** The model file, as {@code Trainer} writes it. */
  public Path modelFile() {
    return files.modelFile();
  }

  /**
   * Trains until {@code iterations} mini-batches are done, continuing from the last checkpoint if
   * {@code resume} and there is one (snapshot c + 1 is then published again, so workers that
   * waited, or new ones, carry on). An exception from {@code listener} stops the run after the
   * cycle's checkpoint. When all iterations are done the link is told the run
   * {@linkplain TrainerLink#finish finished}, which ends the workers.
   */
  public TrainingResult run(boolean resume, HemListener listener) throws IOException, InterruptedException {
    Files.createDirectories(config.outputDir());
    HemCheckpoint.Restored restored = resume ? checkpoint.read() : null;
    boolean resuming = restored != null;
    ComputationGraph net;
    PatchPool pool;
    List<ErrorMap> pending;
    SlideErrors slideErrors;
    int k;
    long cycle;
    long iteration;
    ModelSelection selection;
    BatchAssembler assembler = model.assembler();
    if (resuming) {
      HemCheckpoint.State s = restored.state();
      net = restored.network();
      pool = restored.pool();
      pending = restored.maps();
      slideErrors = SlideErrors.of(s.slideErrorTable(), hem.errorDecay());
      k = s.k();
      cycle = s.cycle() + 1;
      iteration = s.iteration();
      selection = new ModelSelection(config, model.validation(validationSource, assembler), bestFile(),
          s.learningRate(), s.bestDice(), s.sinceBest());
      LOG.info("{}: resuming hard example mining at cycle {}, iteration {}, pool {}, k {}", config.name(), cycle,
          iteration, pool.size(), k);
    } else {
      net = model.newNetwork();
      pool = new PatchPool(hem.poolCapacity());
      pending = List.of();
      slideErrors = new SlideErrors(train.regionCount(), hem.errorDecay());
      k = hem.k0();
      cycle = 0;
      iteration = 0;
      selection = new ModelSelection(config, model.validation(validationSource, assembler), bestFile(),
          config.learningRate(), -1, 0);
    }
    if (slideErrors.table().length != train.regionCount()) {
      throw new IllegalStateException("the checkpoint's slide-error table has " + slideErrors.table().length
          + " slides, the training data " + train.regionCount());
    }
    net.setLearningRate(selection.learningRate());
    KnController controller = new KnController(hem.kMin(), hem.kMax(), hem.kStep(), hem.kDeadband());
    AugmentationPipeline augmentation = AugmentationPipeline.parse(config.augmentation());
    int patch = config.patchSize();
    link.publishSnapshot(snapshot(cycle, net, slideErrors));
    long started = System.nanoTime();
    long mark = started;
    try (TrainingLog log = new TrainingLog(logFile(), resuming);
        HemCycleLog cycles = new HemCycleLog(cycleLogFile(), resuming)) {
      while (iteration < config.iterations()) {
        for (int i = 0; i < pending.size(); i++) {
          int share = k / pending.size() + (i < k % pending.size() ? 1 : 0);
          pool.addAll(pending.get(i).sample(share, Seeds.of(config.seed(), Seeds.MAP_SAMPLE, cycle, i), patch, patch));
        }
        double lossSum = 0;
        int trained = 0;
        double dice = Double.NaN;
        if (pool.size() >= hem.nMin()) {
          int batches = (int) Math.min((k + config.batchSize() - 1) / config.batchSize(),
              config.iterations() - iteration);
          List<PatchRequest> drawn = pool.draw(batches * config.batchSize(),
              Seeds.of(config.seed(), Seeds.POOL_DRAW, cycle, 0));
          TrainingBatches source = TrainingBatches.builder(train, new DrawnPatches(drawn, iteration * config.batchSize()))
              .augmentation(augmentation)
              .assembler(assembler)
              .batchSize(config.batchSize())
              .seed(config.seed())
              .parallel(true)
              .build();
          for (int b = 0; b < batches; b++) {
            double score = step.fit(net, source.batch(iteration));
            iteration++;
            lossSum += score;
            trained++;
            double validated = Double.NaN;
            if (selection.due(iteration)) {
              ModelSelection.Validated v = selection.validate(net, iteration, listener);
              validated = v.dice();
              dice = v.dice();
              listener.evaluated(iteration, v.report());
            }
            log.row(iteration, score, selection.learningRate(), validated, (System.nanoTime() - started) / 1e9,
                MemoryUse.now(), 0, -1);
            listener.iteration(iteration, config.iterations(), score, selection.learningRate());
          }
        }
        // Rendezvous c: the weights as they are now compute error map c + 1.
        link.publishSnapshot(snapshot(cycle + 1, net, slideErrors));
        long waiting = System.nanoTime();
        List<ErrorMapDelivery> arrived = link.awaitErrorMaps(cycle, hem.workers(), hem.patience());
        long now = System.nanoTime();
        double trainerIdle = (now - waiting) / 1e9;
        double wall = (now - mark) / 1e9;
        mark = now;
        double mapIdle = 0;
        List<String> slides = new ArrayList<>();
        List<Double> meanErrors = new ArrayList<>();
        List<ErrorMap> maps = new ArrayList<>();
        for (ErrorMapDelivery d : arrived) {
          if (d.map().region() >= train.regionCount()) {
            throw new HemLinkException("worker " + d.worker() + " mapped region " + d.map().region() + " of "
                + train.regionCount());
          }
          slideErrors.record(d.map().region(), d.map().meanError());
          mapIdle = Math.max(mapIdle, d.idleSeconds());
          slides.add(d.map().regionId());
          meanErrors.add(d.map().meanError());
          maps.add(d.map());
        }
        int nextK = controller.next(k, trainerIdle, mapIdle, wall);
        pending = maps;
        checkpoint.write(cycle, iteration, nextK, selection.learningRate(), selection.best(), selection.sinceBest(),
            slideErrors.table(), net, pool, pending);
        HemCycleReport report = new HemCycleReport(config.name(), cycle, slides, k, nextK, pool.size(), iteration,
            share(trainerIdle, wall), share(mapIdle, wall), trained == 0 ? Double.NaN : lossSum / trained, dice,
            meanErrors, wall);
        cycles.row(report);
        listener.cycle(report);
        k = nextK;
        cycle++;
      }
    }
    var bestReport = selection.bestReport();
    if (Files.exists(bestFile())) {
      model.saveModelFile(bestFile(), modelFile());
    }
    // Only here, all iterations done: a failed or killed run must leave its workers waiting for a resumption.
    link.finish(config.name(), cycle);
    return new TrainingResult(modelFile(), bestReport, selection.best());
  }

  private static double share(double seconds, double wall) {
    return wall > 0 ? Math.min(1, Math.max(0, seconds / wall)) : 0;
  }

  private ModelSnapshot snapshot(long cycle, ComputationGraph net, SlideErrors errors) throws IOException,
      InterruptedException {
    ByteArrayOutputStream weights = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, weights, false);
    return new ModelSnapshot(config.name(), cycle, weights.toByteArray(), errors.table());
  }
}
