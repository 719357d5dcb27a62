package io.slidestream.service.kafka;

import io.slidestream.kafka.clients.PublishFailedException;
import io.slidestream.kafka.clients.RecordPublisher;
import io.slidestream.kafka.clients.RecordRefusal;
import io.slidestream.service.jobs.FailureCause;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.JobFailedException;
import io.slidestream.service.pipeline.SlideJobRunner;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.JobTimings;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.status.InFlightJobs;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the consumer graph does with one record of the jobs topic, as one asynchronous step:
 * a refused record gets its dead letter (and a FAILED event when it had a job id); an accepted
 * job gets an ACCEPTED event, then its runner's tile records, progress events and mask record go
 * to the producer in order, followed by a FINISHED event; a job that fails while it runs gets a
 * FAILED event and a dead letter. The returned stage completes only when all of that is
 * acknowledged by the broker, so the caller may then commit the record's offset. A dead letter or
 * FAILED event the broker refuses for its own sake (too large for its topic) is replaced by a
 * minimal one, and an output record refused so fails the job: a record can never stop the
 * service. The stage fails only when publishing fails for the broker's or the client's sake,
 * which says nothing about the job: the graph must then stop without committing, and the job runs
 * again later.
 */
public final class JobProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);

  /** Pekko's dispatcher for blocking I/O, there in every actor system. */
  private static final String BLOCKING_IO_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";

  private final JobIntake intake;
  private final SlideJobRunner runner;
  private final RecordPublisher publisher;
  private final OutputRecords records;
  private final SharedKillSwitch abandon;
  private final Materializer materializer;
  private final Clock clock;
  private final InFlightJobs inFlight;
  private final JobListener listener;

  /**
   * @param abandon aborted (with a {@link JobAbandonedException}) when a shutdown stops waiting for
   *                the jobs in flight
   */
  public JobProcessor(JobIntake intake, SlideJobRunner runner, RecordPublisher publisher, OutputRecords records,
      SharedKillSwitch abandon, Materializer materializer, Clock clock) {
    this(intake, runner, publisher, records, abandon, materializer, clock, JobListener.NONE, new InFlightJobs());
  }

  /**
   * @param listener told what became of each record and how long it took (the service's metrics)
   * @param inFlight told of each accepted job when its run starts and when it ends (the status record's)
   */
  public JobProcessor(JobIntake intake, SlideJobRunner runner, RecordPublisher publisher, OutputRecords records,
      SharedKillSwitch abandon, Materializer materializer, Clock clock, JobListener listener, InFlightJobs inFlight) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.intake = intake;
    this.runner = runner;
    this.publisher = publisher;
    this.records = records;
    this.abandon = abandon;
    this.materializer = materializer;
    this.clock = clock;
    this.inFlight = inFlight;
  }

  public CompletionStage<JobOutcome> process(ConsumerRecord<String, byte[]> record) {
    // Validation opens the slide and reads its smallest level, and may hash a model file: blocking
    // I/O that must not hold the stream's own threads, which the running slides' graphs share.
    return CompletableFuture.supplyAsync(() -> takeGuarded(record), blockingIo()).thenCompose(in -> {
      if (in instanceof Intake.Rejected rejected) {
        return reject(record, rejected);
      }
      return run(record, ((Intake.Accepted) in).job());
    });
  }

  private Intake take(ConsumerRecord<String, byte[]> record) {
    long start = System.nanoTime();
    try {
      return intake.take(record);
    } finally {
      listener.validated(System.nanoTime() - start);
    }
  }

  private Intake takeGuarded(ConsumerRecord<String, byte[]> record) {
    try {
      return take(record);
    } catch (RuntimeException e) {
      String message = "the job record could not be processed: " + FailureCause.describe(e);
      LOG.warn("job record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), message);
      // The exception's own text may name the slide's file: only in the developers' DEBUG log.
      LOG.debug("job record {}-{}@{} could not be processed", record.topic(), record.partition(), record.offset(), e);
      return intake.rejected(record, null, RejectionReason.PROCESSING_FAILED, message);
    }
  }

  private Executor blockingIo() {
    return materializer.system().dispatchers().lookup(BLOCKING_IO_DISPATCHER);
  }

  private CompletionStage<JobOutcome> reject(ConsumerRecord<String, byte[]> record, Intake.Rejected r) {
    DeadLetter letter = r.deadLetter();
    LOG.warn("job record {}-{}@{} refused, {}: {}", record.topic(), record.partition(), record.offset(),
        letter.reason(), letter.message());
    listener.refused(letter.reason());
    CompletionStage<Done> dead = publishDeadLetter(record, r.key(), letter);
    CompletionStage<Done> event = r.failed()
        .map(e -> publishFailedEvent(record, e, ev -> records.event(r.key(), ev)))
        .orElse(CompletableFuture.completedFuture(Done.getInstance()));
    return dead.thenCombine(event, (a, b) -> new JobOutcome.Rejected(letter.jobId(), letter.reason(), letter.message()));
  }

  private CompletionStage<JobOutcome> run(ConsumerRecord<String, byte[]> record, SlideJob job) {
    long started = clock.millis();
    Long queuedMs = record.timestamp() >= 0 ? Math.max(0, started - record.timestamp()) : null;
    LOG.info("job {} accepted: slide {}, {}", job.jobId(), job.slideId(), job.model());
    long acceptedNanos = System.nanoTime();
    listener.accepted(queuedMs == null ? -1 : queuedMs);
    inFlight.started(job.jobId());
    return publisher.publish(records.of(JobEvent.accepted(job.jobId(), job.slideId(), clock.instant())))
        // Starting the run opens the slide: off the producer's callback thread.
        .thenComposeAsync(accepted -> publishOutputs(record, job, queuedMs, acceptedNanos), blockingIo())
        .whenComplete((outcome, error) -> inFlight.ended(job.jobId()));
  }

  private CompletionStage<JobOutcome> publishOutputs(ConsumerRecord<String, byte[]> record, SlideJob job,
      Long queuedMs, long acceptedNanos) {
    AtomicReference<MaskRecord> mask = new AtomicReference<>();
    Source<JobOutput, NotUsed> outputs;
    try {
      outputs = runner.run(job);
    } catch (RuntimeException e) {
      return failed(record, job, e, acceptedNanos);
    }
    CompletionStage<Done> published = outputs
        // Failures of the job itself, told apart from the producer's below.
        .mapError(Throwable.class, RunFailure::new)
        .via(abandon.flow())
        .mapConcat(out -> toRecords(out, job, queuedMs, mask))
        .runWith(publisher.sink(), materializer);
    return published.handle((done, error) -> {
      Throwable e = unwrap(error);
      if (e == null) {
        if (mask.get() == null) {
          return failed(record, job, new JobFailedException(job.jobId(),
              RejectionReason.PROCESSING_FAILED, "the slide's outputs ended without a mask record", null),
              acceptedNanos);
        }
        LOG.info("job {} finished: {} tiles, {} ms", job.jobId(), mask.get().tileCount(),
            mask.get().timings().totalMs());
        listener.finished(System.nanoTime() - acceptedNanos);
        return CompletableFuture.<JobOutcome>completedFuture(new JobOutcome.Finished(job.jobId(), mask.get()));
      }
      if (e instanceof RunFailure f) {
        return failed(record, job, f.getCause(), acceptedNanos);
      }
      if (RecordRefusal.isRecordsOwnFault(e)) {
        return failed(record, job, new JobFailedException(job.jobId(), RejectionReason.PROCESSING_FAILED,
            "an output record of the job was refused by its topic (too large)", e), acceptedNanos);
      }
      if (e instanceof JobAbandonedException) {
        LOG.warn("job {} abandoned by shutdown; it runs again after the restart", job.jobId());
        listener.abandoned();
        return CompletableFuture.<JobOutcome>completedFuture(new JobOutcome.Abandoned(job.jobId()));
      }
      return CompletableFuture.<JobOutcome>failedFuture(e instanceof PublishFailedException ? e
          : new PublishFailedException("publishing job " + job.jobId() + "'s outputs failed: " + e, e));
    }).thenCompose(stage -> stage);
  }

  /**
   * The records of one output. The mask record gets the time the job waited in the topic, and is
   * followed by the FINISHED event, so that the job's offset is committed only after both.
   */
  private List<ProducerRecord<String, String>> toRecords(JobOutput out, SlideJob job, Long queuedMs,
      AtomicReference<MaskRecord> mask) {
    try {
      if (out instanceof MaskRecord m) {
        if (!mask.compareAndSet(null, m)) {
          throw new IllegalStateException("a second mask record for job " + job.jobId());
        }
        JobTimings t = m.timings();
        MaskRecord stamped = m.withTimings(t.withQueuedMs(queuedMs));
        mask.set(stamped);
        return List.of(records.of(stamped),
            records.of(JobEvent.finished(job.jobId(), job.slideId(), m.tileCount(), clock.instant())));
      }
      return List.of(records.of(out));
    } catch (RuntimeException e) {
      throw new RunFailure(e);
    }
  }

  /** A FAILED event and a dead letter for an accepted job; completes when both are acknowledged. */
  private CompletionStage<JobOutcome> failed(ConsumerRecord<String, byte[]> record, SlideJob job, Throwable cause,
      long acceptedNanos) {
    RejectionReason reason = cause instanceof JobFailedException f ? f.reason() : RejectionReason.PROCESSING_FAILED;
    listener.failed(reason, System.nanoTime() - acceptedNanos);
    String message = cause instanceof JobFailedException && cause.getMessage() != null ? cause.getMessage()
        : "the job failed while it ran: " + FailureCause.describe(cause);
    // The same words as the dead letter for operations; the exception, whose details may name the
    // slide's file (readers put the path in their messages), only in the developers' DEBUG log.
    LOG.warn("job {} failed, {}: {}", job.jobId(), reason, message);
    LOG.debug("job {} failed", job.jobId(), cause);
    DeadLetter letter = JobIntake.deadLetter(record, job.jobId(), reason, message, clock);
    CompletionStage<Done> event = publishFailedEvent(record,
        JobEvent.failed(job.jobId(), job.slideId(), reason.name(), message, clock.instant()), records::of);
    CompletionStage<Done> dead = publishDeadLetter(record, job.slideId(), letter);
    return event.thenCombine(dead, (a, b) -> new JobOutcome.Failed(job.jobId(), reason, message));
  }

  /**
   * Publishes a dead letter; when the broker refuses it for its own sake, a minimal one instead
   * (the record still gets exactly one). Fails only when publishing fails for the broker's sake.
   */
  private CompletionStage<Done> publishDeadLetter(ConsumerRecord<String, byte[]> record, String key,
      DeadLetter letter) {
    return publisher.publish(records.deadLetter(key, letter)).exceptionallyCompose(error -> {
      if (!RecordRefusal.isRecordsOwnFault(error)) {
        return CompletableFuture.failedFuture(error);
      }
      LOG.warn("job record {}-{}@{}: its dead letter was refused as too large; publishing a minimal one",
          record.topic(), record.partition(), record.offset());
      return publisher.publish(records.deadLetter(key, JobIntake.minimal(letter, record)));
    }).thenApply(done -> {
      listener.deadLetter(letter.reason());
      return done;
    });
  }

  /**
   * Publishes a FAILED event; when the broker refuses it for its own sake, one with the message
   * cut short, and when that is refused too, none (the dead letter still says it all).
   */
  private CompletionStage<Done> publishFailedEvent(ConsumerRecord<String, byte[]> record, JobEvent event,
      Function<JobEvent, ProducerRecord<String, String>> toRecord) {
    return publisher.publish(toRecord.apply(event)).exceptionallyCompose(error -> {
      if (!RecordRefusal.isRecordsOwnFault(error)) {
        return CompletableFuture.failedFuture(error);
      }
      JobEvent minimal = JobEvent.failed(event.jobId(), event.slideId(), event.reason(),
          JobIntake.shortMessage(String.valueOf(event.message())), event.timestamp());
      return publisher.publish(toRecord.apply(minimal)).exceptionallyCompose(again -> {
        if (!RecordRefusal.isRecordsOwnFault(again)) {
          return CompletableFuture.failedFuture(again);
        }
        LOG.warn("job record {}-{}@{}: its FAILED event was refused as too large; none is published",
            record.topic(), record.partition(), record.offset());
        return CompletableFuture.completedFuture(Done.getInstance());
      });
    });
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** Marks a failure that came from the job (its runner, its records), not from publishing. */
  private static final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunFailure(Throwable cause) {
      super(cause);
    }
  }
}
