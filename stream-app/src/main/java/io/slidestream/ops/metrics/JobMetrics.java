package io.slidestream.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.kafka.JobListener;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer graph's figures: what became of each record of the jobs topic (by reason where one
 * was refused or failed), how long validation, publishing and whole jobs took, how long done jobs
 * waited in order before their commit, and the slides running now. Every reason's counters exist
 * from the start at 0, so that a rate over them is defined before the first refusal.
 */
final class JobMetrics implements JobListener {

  private final Counter accepted;
  private final Counter finished;
  private final Counter abandoned;
  private final Map<RejectionReason, Counter> refused = new EnumMap<>(RejectionReason.class);
  private final Map<RejectionReason, Counter> failed = new EnumMap<>(RejectionReason.class);
  private final Map<RejectionReason, Counter> deadLetters = new EnumMap<>(RejectionReason.class);
  private final Timer validate;
  private final Timer publish;
  private final Timer finishedDuration;
  private final Timer failedDuration;
  private final Timer queued;
  private final Timer commitWait;
  private final AtomicInteger inFlight = new AtomicInteger();

  JobMetrics(MeterRegistry registry) {
    accepted = Counter.builder("slidestream.jobs.accepted").description("Jobs accepted (validated, about to run)")
        .register(registry);
    finished = Counter.builder("slidestream.jobs.finished")
        .description("Jobs finished: mask record and FINISHED event acknowledged").register(registry);
    abandoned = Counter.builder("slidestream.jobs.abandoned")
        .description("Jobs abandoned by a shutdown, uncommitted (they run again after the restart)").register(registry);
    for (RejectionReason r : RejectionReason.values()) {
      refused.put(r, Counter.builder("slidestream.jobs.refused").tag("reason", r.name())
          .description("Job records refused before any work, by reason").register(registry));
      failed.put(r, Counter.builder("slidestream.jobs.failed").tag("reason", r.name())
          .description("Accepted jobs that failed while they ran, by reason").register(registry));
      deadLetters.put(r, Counter.builder("slidestream.dead.letters").tag("reason", r.name())
          .description("Dead letters acknowledged by the broker, by reason").register(registry));
    }
    validate = ServiceMetrics.stage(registry, "validate");
    publish = ServiceMetrics.stage(registry, "publish");
    finishedDuration = jobDuration(registry, "finished");
    failedDuration = jobDuration(registry, "failed");
    queued = Timer.builder("slidestream.job.queued")
        .description("Time jobs waited in the jobs topic, from publication to acceptance")
        .serviceLevelObjectives(Buckets.SECONDS).register(registry);
    commitWait = Timer.builder("slidestream.commit.wait")
        .description("Time done jobs waited for earlier jobs still running before their offset went to the committer")
        .serviceLevelObjectives(Buckets.SECONDS).register(registry);
    Gauge.builder("slidestream.slides.in.flight", inFlight, AtomicInteger::get).strongReference(true)
        .description("Accepted jobs running now").register(registry);
  }

  private static Timer jobDuration(MeterRegistry registry, String outcome) {
    return Timer.builder("slidestream.job.duration").tag("outcome", outcome)
        .description("Time from a job's acceptance to its last acknowledged output, by outcome")
        .serviceLevelObjectives(Buckets.SECONDS).register(registry);
  }

  @Override
  public void validated(long nanos) {
    validate.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void refused(RejectionReason reason) {
    refused.get(reason).increment();
  }

  @Override
  public void accepted(long queuedMillis) {
    accepted.increment();
    inFlight.incrementAndGet();
    if (queuedMillis >= 0) {
      queued.record(queuedMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void finished(long nanos) {
    finished.increment();
    inFlight.decrementAndGet();
    finishedDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void failed(RejectionReason reason, long nanos) {
    failed.get(reason).increment();
    inFlight.decrementAndGet();
    failedDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void abandoned() {
    abandoned.increment();
    inFlight.decrementAndGet();
  }

  @Override
  public void deadLetter(RejectionReason reason) {
    deadLetters.get(reason).increment();
  }

  @Override
  public void published(long nanos) {
    publish.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void commitWaited(long nanos) {
    commitWait.record(nanos, TimeUnit.NANOSECONDS);
  }
}
