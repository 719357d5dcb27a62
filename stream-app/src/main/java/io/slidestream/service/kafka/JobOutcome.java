package io.slidestream.service.kafka;

import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.MaskRecord;

/**
 * How the consumer graph finished with one record of the jobs topic. Every outcome but
 * {@link Abandoned} means that all the record's outputs are acknowledged by the broker, so its
 * offset may be committed.
 */
public sealed interface JobOutcome {

  /** Whether the record's offset may be committed. */
  default boolean committable() {
    return true;
  }

  /** The job ran to its mask record, which the broker has acknowledged. */
  record Finished(String jobId, MaskRecord mask) implements JobOutcome {}

  /** The record was refused before any work (its dead letter is acknowledged). */
  record Rejected(String jobId, RejectionReason reason, String message) implements JobOutcome {}

  /** The job was accepted but failed while it ran (its dead letter is acknowledged). */
  record Failed(String jobId, RejectionReason reason, String message) implements JobOutcome {}

  /**
   * The job was stopped by a shutdown that could not wait for it. Nothing about it is final: its
   * offset must not be committed, so it runs again after the restart.
   */
  record Abandoned(String jobId) implements JobOutcome {
    @Override
    public boolean committable() {
      return false;
    }
  }
}
