package io.slidestream.models.hem;

import io.slidestream.models.data.PatchSource;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error-map process of quasi-online hard example mining, one worker of possibly several: for
 * cycle c it waits for snapshot c, chooses a training slide by slide-wise hard mining
 * ({@link SlideChooser} over the snapshot's slide-error table, seeded by run seed, c and worker),
 * computes that slide's {@link ErrorMap} with the snapshot's weights and delivers it as error map
 * c; then cycle c + 1. Runs until the trainer finishes the run ({@link RunFinishedException} from
 * the link: {@link #run} returns normally and {@link #runFinished} says so) or {@link #stop}.
 *
 * <p>The snapshot it gets may be newer than c: the trainer publishes snapshot s + 1 before it
 * waits for map s, so a worker that read late (a thread slow to start, a restarted process) sees
 * s + 1 while the trainer waits for s. The map is therefore labelled
 * {@code max(c, snapshot − 1)}: the cycle the trainer waits for, computed with the freshest
 * weights there are. Labelling it with the snapshot's own number would leave the trainer waiting
 * for a map nobody computes.
 */
public final class ErrorMapWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapWorker.class);

  private final String runId;
  private final long seed;
  private final int worker;
  private final PatchSource source;
  private final ErrorMapComputer computer;
  private final SlideChooser chooser;
  private final WorkerLink link;
  private final Duration patience;
  private volatile boolean stopped;
  private volatile long delivered;
  private volatile boolean runFinished;

  /**
   * @param patience how long to wait for a snapshot before failing: at least a cycle of the
   *                 trainer's, which grows with k
   */
  public ErrorMapWorker(String runId, long seed, int worker, PatchSource source, ErrorMapComputer computer,
      SlideChooser chooser, WorkerLink link, Duration patience) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.seed = seed;
    if (worker < 0) {
      throw new IllegalArgumentException("worker index must be non-negative, got " + worker);
    }
    this.worker = worker;
    this.source = Objects.requireNonNull(source, "source");
    this.computer = Objects.requireNonNull(computer, "computer");
    this.chooser = Objects.requireNonNull(chooser, "chooser");
    this.link = Objects.requireNonNull(link, "link");
    this.patience = Objects.requireNonNull(patience, "patience");
  }

  /** Worker {@code worker} of the run {@code config} describes, on its training data. */
  public static ErrorMapWorker of(TrainingConfig config, TrainingModel model, PatchSource train, int worker,
      WorkerLink link, Duration patience) {
    HemConfig hem = config.hem();
    return new ErrorMapWorker(config.name(), config.seed(), worker, train,
        new ErrorMapComputer(config.patchSize(), hem.cellSize(), hem.floor(), config.batchSize(), model.assembler(),
            model.head()),
        new SlideChooser(hem.slideTemperature(), hem.slideFloor()), link, patience);
  }

  /**
   * Computes error maps cycle after cycle until the run finishes, {@link #stop} or an interrupt.
   * The run's end returns normally; a link failure after {@code stop} ends the loop quietly;
   * before it, it is thrown.
   */
  public void run() throws InterruptedException, IOException {
    long cycle = 0;
    while (!stopped) {
      long waiting = System.nanoTime();
      ModelSnapshot snapshot;
      try {
        snapshot = link.awaitSnapshot(cycle, patience);
      } catch (RunFinishedException e) {
        LOG.info("{} worker {}: {}; {} error maps delivered", runId, worker, e.getMessage(), delivered);
        runFinished = true;
        return;
      } catch (HemLinkException e) {
        if (stopped) {
          return;
        }
        throw e;
      }
      double idle = (System.nanoTime() - waiting) / 1e9;
      if (!snapshot.runId().equals(runId)) {
        throw new HemLinkException("worker of run " + runId + " got a snapshot of run " + snapshot.runId());
      }
      if (snapshot.slideErrors().length != source.regionCount()) {
        throw new HemLinkException("snapshot " + snapshot.cycle() + " ranks " + snapshot.slideErrors().length
            + " slides; this worker has " + source.regionCount());
      }
      long answering = Math.max(cycle, snapshot.cycle() - 1);
      long computing = System.nanoTime();
      ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(snapshot.weights()),
          false);
      int region = chooser.choose(snapshot.slideErrors(), Seeds.of(seed, Seeds.SLIDE, answering, worker));
      ErrorMap map = computer.compute(net, source, region);
      double compute = (System.nanoTime() - computing) / 1e9;
      LOG.debug("{} worker {}: error map {} of {} (mean error {}) in {} s after {} s idle", runId, worker,
          answering, map.regionId(), map.meanError(), compute, idle);
      try {
        link.publishErrorMap(new ErrorMapDelivery(runId, answering, worker, map, idle, compute));
      } catch (HemLinkException e) {
        if (stopped) {
          return;
        }
        throw e;
      }
      delivered++;
      cycle = answering + 1;
    }
  }

  /** Ends {@link #run} after the map in hand (a waiting worker ends when its link is closed). */
  public void stop() {
    stopped = true;
  }

  /** Whether {@link #run} ended because the trainer finished the run (not a stop, not a failure). */
  public boolean runFinished() {
    return runFinished;
  }

  /** Error maps delivered so far. */
  public long delivered() {
    return delivered;
  }

  public int worker() {
    return worker;
  }
}
