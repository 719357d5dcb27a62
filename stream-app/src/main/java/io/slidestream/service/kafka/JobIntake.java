package io.slidestream.service.kafka;

import io.slidestream.service.jobs.FailureCause;
import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.JobValidation;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MalformedRecordException;
import io.slidestream.service.records.RecordCodec;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The first two steps of the consumer graph for one record of the jobs topic: decode, then
 * validate. Neither ever throws for bad input: a record that cannot be read or run becomes a
 * {@link Intake.Rejected} carrying its dead letter, so one bad record cannot stop the partition.
 */
public final class JobIntake {

  /**
   * Dead letters must fit the topic's record limit (2 MiB by default): the original is cut to this
   * many bytes of its JSON encoding.
   */
  static final int MAX_ORIGINAL_BYTES = 256 * 1024;
  /** The original in a minimal dead letter, the answer to a record whose full one was refused. */
  static final int MINIMAL_ORIGINAL_BYTES = 4 * 1024;
  /** A minimal dead letter's message is cut to this. */
  static final int MINIMAL_MESSAGE_CHARS = 300;

  private final RecordCodec codec;
  private final JobValidation validation;
  private final Clock clock;

  public JobIntake(RecordCodec codec, JobValidation validation, Clock clock) {
    this.codec = codec;
    this.validation = validation;
    this.clock = clock;
  }

  public Intake take(ConsumerRecord<String, byte[]> record) {
    JobRecord job;
    try {
      job = codec.decodeJob(record.value());
    } catch (MalformedRecordException e) {
      return rejected(record, readableJobId(record.value()), RejectionReason.MALFORMED_RECORD, e.getMessage());
    } catch (RuntimeException e) {
      // The codec promises MalformedRecordException; anything else is still this record's fault.
      return rejected(record, readableJobId(record.value()), RejectionReason.MALFORMED_RECORD,
          "unreadable job record: " + FailureCause.describe(e));
    }
    try {
      SlideJob accepted = validation.validate(job);
      return new Intake.Accepted(job, accepted);
    } catch (JobRejectedException e) {
      return rejected(record, job.jobId(), e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      return rejected(record, job.jobId(), RejectionReason.PROCESSING_FAILED,
          "the job could not be validated: " + FailureCause.describe(e));
    }
  }

  /**
   * The job id of a record that does not decode, when it has one that could name an output
   * directory, so that whoever follows the job hears that it failed; otherwise null.
   */
  private String readableJobId(byte[] value) {
    return codec.readableJobId(value).filter(OutputStore::isValidJobId).orElse(null);
  }

  /**
   * A dead letter for {@code record}, keyed by its own key (no slide id is known for it), with a
   * FAILED event when the job had an id.
   */
  Intake.Rejected rejected(ConsumerRecord<String, byte[]> record, String jobId, RejectionReason reason,
      String message) {
    String text = message == null || message.isBlank() ? reason.name().toLowerCase().replace('_', ' ') : message;
    DeadLetter letter = deadLetter(record, jobId, reason, text, clock);
    Optional<JobEvent> failed = jobId == null ? Optional.empty()
        : Optional.of(JobEvent.failed(jobId, null, reason.name(), text, clock.instant()));
    return new Intake.Rejected(record.key(), letter, failed);
  }

  /** The dead letter of a record of the jobs topic: the reason, the message and the record itself. */
  static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, String jobId, RejectionReason reason,
      String message, Clock clock) {
    return new DeadLetter(reason, message, jobId, original(record.value(), MAX_ORIGINAL_BYTES), record.topic(),
        record.partition(), record.offset(), clock.instant());
  }

  /**
   * The smallest answer to a record: the reason, the message cut short and a few KiB of the
   * original. Published when the full dead letter was refused for its own sake (too large for the
   * topic), so that the record still gets exactly one dead letter and the partition moves on.
   */
  static DeadLetter minimal(DeadLetter full, ConsumerRecord<String, byte[]> record) {
    String message = shortMessage(full.message());
    String jobId = full.jobId() != null && OutputStore.isValidJobId(full.jobId()) ? full.jobId() : null;
    return new DeadLetter(full.reason(), message, jobId, original(record.value(), MINIMAL_ORIGINAL_BYTES),
        full.topic(), full.partition(), full.offset(), full.timestamp());
  }

  /** A message cut to what a minimal answer carries. */
  static String shortMessage(String message) {
    return message.length() <= MINIMAL_MESSAGE_CHARS ? message : message.substring(0, MINIMAL_MESSAGE_CHARS) + "…";
  }

  /** The value as text, undecodable bytes replaced, cut to {@code maxJsonBytes} once JSON-escaped. */
  static String original(byte[] value, int maxJsonBytes) {
    return value == null ? null : RecordCodec.textWithin(value, maxJsonBytes);
  }
}
