package io.slidestream.models.hem;

import io.slidestream.images.LabelClass;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingModel;
import io.slidestream.models.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hard example mining in one JVM: the {@link HemTrainer} on the calling thread and
 * {@code train.hem.workers} {@link ErrorMapWorker}s on their own threads, meeting through a
 * {@link LocalLink}. A failing worker closes the link, so the trainer stops at once rather than
 * waiting out its patience; the worker's exception is then what {@link #run} throws.
 */
public final class LocalHemRun {

  /** Workers in one JVM wait for the trainer however long a cycle takes; closing the link wakes them. */
  private static final Duration WORKER_PATIENCE = Duration.ofDays(1);

  private final TrainingConfig config;
  private final PatchSource train;
  private final TrainingModel model;
  private final LocalLink link;
  private final HemTrainer trainer;
  private boolean ran;

  /** One run (or one resumption): {@link #run} may be called once. */
  public LocalHemRun(TrainingConfig config, PatchSource train, PatchSource validation, List<LabelClass> classes,
      int backgroundClass) {
    this.config = Objects.requireNonNull(config, "config");
    if (!config.hem().enabled()) {
      throw new IllegalArgumentException("train.hem.enabled is false for run " + config.name());
    }
    this.train = train;
    this.model = new TrainingModel(config, classes, backgroundClass);
    this.link = new LocalLink(config.name());
    this.trainer = new HemTrainer(config, train, validation, classes, backgroundClass, link);
  }

  public Path modelFile() {
    return trainer.modelFile();
  }

  public Path logFile() {
    return trainer.logFile();
  }

  public Path cycleLogFile() {
    return trainer.cycleLogFile();
  }

  public Path stateFile() {
    return trainer.stateFile();
  }

  /** Trains (continuing from the last checkpoint if {@code resume}) and returns the result. */
  public TrainingResult run(boolean resume, HemListener listener) throws IOException, InterruptedException {
    synchronized (this) {
      if (ran) {
        throw new IllegalStateException("a LocalHemRun runs once; make another to resume");
      }
      ran = true;
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<ErrorMapWorker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < config.hem().workers(); w++) {
      ErrorMapWorker worker = ErrorMapWorker.of(config, model, train, w, link, WORKER_PATIENCE);
      workers.add(worker);
      Thread t = new Thread(() -> {
        try {
          worker.run();
        } catch (Throwable e) {
          if (failure.compareAndSet(null, e)) {
            link.close();
          }
        }
      }, "hem-worker-" + config.name() + "-" + w);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    try {
      return trainer.run(resume, listener);
    } catch (HemLinkException e) {
      Throwable cause = failure.get();
      if (cause != null) {
        throw new IllegalStateException("an error-map worker of run " + config.name() + " failed: " + cause, cause);
      }
      throw e;
    } finally {
      workers.forEach(ErrorMapWorker::stop);
      link.close();
      for (Thread t : threads) {
        t.join(Duration.ofMinutes(1).toMillis());
      }
    }
  }

  /** Error maps the link dropped (of an earlier cycle: computed after the trainer had moved on with the patience). */
  public long droppedMaps() {
    return link.dropped();
  }
}
