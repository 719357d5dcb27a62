package io.slidestream.hem.events;

import io.slidestream.models.eval.EvaluationReport;
import io.slidestream.models.hem.HemCycleReport;
import io.slidestream.models.hem.HemListener;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * A hard-example-mining run's reports, passed on to another listener (the console) and made
 * visible: the run's MBean always, events on the training topic when a publisher is given. A
 * failure to publish never stops the run; the other listener's exceptions do (as they would).
 */
public final class TrainingTelemetry implements HemListener, AutoCloseable {

  private final String runId;
  private final HemListener next;
  private final TrainingMetrics metrics;
  private final Optional<TrainingEventPublisher> events;
  private final Clock clock;
  private long iteration;

  public TrainingTelemetry(String runId, HemListener next, Optional<TrainingEventPublisher> events, Clock clock) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.next = Objects.requireNonNull(next, "next");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = TrainingMetrics.register(runId);
  }

  public TrainingMetrics metrics() {
    return metrics;
  }

  /** The run starts (or resumes after a checkpoint of cycle {@code cycle − 1}). */
  public void started(long cycle, long iterations, int workers, boolean distributed, boolean resumed) {
    events.ifPresent(e -> e.publish(TrainingEvent.started(runId, cycle, iterations, workers, distributed, resumed,
        clock.instant())));
  }

  @Override
  public void cycle(HemCycleReport report) {
    metrics.update(report);
    iteration = report.iteration();
    events.ifPresent(e -> e.publish(TrainingEvent.cycle(report, clock.instant())));
    next.cycle(report);
  }

  @Override
  public void iteration(long iteration, long total, double loss, double learningRate) {
    next.iteration(iteration, total, loss, learningRate);
  }

  @Override
  public void validated(long iteration, double dice, boolean best) {
    next.validated(iteration, dice, best);
  }

  @Override
  public void evaluated(long iteration, EvaluationReport report) {
    next.evaluated(iteration, report);
  }

  @Override
  public void relabelled(long iteration, int round, double gamma, long[] added) {
    next.relabelled(iteration, round, gamma, added);
  }

  /** The run ended with its model file. */
  public void finished(double bestDice, String modelFileName) {
    metrics.ended(false);
    events.ifPresent(e -> e.publish(TrainingEvent.finished(runId, iteration, bestDice, "model " + modelFileName,
        clock.instant())));
  }

  public void failed(Throwable error) {
    metrics.ended(true);
    events.ifPresent(e -> e.publish(TrainingEvent.failed(runId, String.valueOf(error.getMessage()), clock.instant())));
  }

  /** Waits for the events in flight and unregisters the MBean. */
  @Override
  public void close() {
    try {
      events.ifPresent(TrainingEventPublisher::flush);
    } finally {
      metrics.close();
    }
  }
}
