package io.slidestream.service.kafka;

import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MalformedRecordException;
import io.slidestream.service.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The first two steps of the consumer graph for one record of the jobs topic: decode, then
 * validate. Neither ever throws for bad input: a record that cannot be read or run becomes a
 * {@link Intake.Rejected} carrying its dead letter, so one bad record cannot stop the partition.
 */
public final class JobIntake {

  /** Dead letters must fit the topic's record limit; the original is cut beyond this. */
  static final int MAX_ORIGINAL_CHARS = 256 * 1024;

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
      return rejected(record, null, RejectionReason.MALFORMED_RECORD, e.getMessage());
    } catch (RuntimeException e) {
      // The codec promises MalformedRecordException; anything else is still this record's fault.
      return rejected(record, null, RejectionReason.MALFORMED_RECORD, "unreadable job record: " + describe(e));
    }
    try {
      SlideJob accepted = validation.validate(job);
      return new Intake.Accepted(job, accepted);
    } catch (JobRejectedException e) {
      return rejected(record, job.jobId(), e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      return rejected(record, job.jobId(), RejectionReason.PROCESSING_FAILED,
          "the job could not be validated: " + describe(e));
    }
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
    return new DeadLetter(reason, message, jobId, original(record.value()), record.topic(), record.partition(),
        record.offset(), clock.instant());
  }

  /** The value as text, undecodable bytes replaced, cut to a size a dead letter can carry. */
  static String original(byte[] value) {
    if (value == null) {
      return null;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    return text.length() <= MAX_ORIGINAL_CHARS ? text
        : text.substring(0, MAX_ORIGINAL_CHARS) + "…[" + (text.length() - MAX_ORIGINAL_CHARS) + " more characters cut]";
  }

  static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
