package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slidestream.service.jobs.RejectionReason;
import java.time.Instant;

/**
 * A job the service rejected or could not finish: the value of a {@code slidestream.dead-letters}
 * record, keyed by the slide id (or the original record's key when the job never got that far).
 *
 * @param reason          why, as a code to act on
 * @param message         why, for a person: what is wrong and what to fix
 * @param jobId           the job's id when the record had a readable one, else null
 * @param originalRecord  the job record's value as it arrived (UTF-8 text; unreadable bytes replaced)
 * @param topic           where the original record came from (null outside Kafka)
 * @param partition       its partition
 * @param offset          its offset
 * @param timestamp       when the service gave up on it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    @JsonProperty(required = true) RejectionReason reason,
    @JsonProperty(required = true) String message,
    String jobId,
    String originalRecord,
    String topic,
    Integer partition,
    Long offset,
    @JsonProperty(required = true) Instant timestamp) {

  public DeadLetter {
    Fields.require(reason, "reason");
    Fields.requireText(message, "message");
    Fields.require(timestamp, "timestamp");
  }
}
