package io.slidestream.service.kafka;

import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import java.util.Objects;
import java.util.Optional;

/** What became of one record of the jobs topic once it was read: a job to run, or a refusal. */
public sealed interface Intake {

  /** A valid job; {@code record} is what arrived, {@code job} what will run. */
  record Accepted(JobRecord record, SlideJob job) implements Intake {
    public Accepted {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * A record that will not run.
   *
   * @param key        the Kafka key its dead letter (and event) are published under
   * @param deadLetter the reason and the original record
   * @param failed     the FAILED event, present when the record had a job id
   */
  record Rejected(String key, DeadLetter deadLetter, Optional<JobEvent> failed) implements Intake {
    public Rejected {
      Objects.requireNonNull(deadLetter, "deadLetter");
      Objects.requireNonNull(failed, "failed");
    }
  }
}
