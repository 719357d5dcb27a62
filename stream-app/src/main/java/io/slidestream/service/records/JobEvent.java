package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A step in a job's life, for dashboards: the value of a {@code slidestream.events} record.
 *
 * @param jobId      the job (as given, even when it was rejected)
 * @param slideId    the opaque slide id, null when the job was rejected before the slide was known
 * @param type       what happened
 * @param tilesDone  tiles finished so far
 * @param tilesTotal tiles of the slide, null until known
 * @param message    a human-readable line (the reason, for FAILED)
 * @param reason     for FAILED: the reason code (a {@code RejectionReason} name); null otherwise
 * @param timestamp  when it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
    @JsonProperty(required = true) String jobId,
    String slideId,
    @JsonProperty(required = true) Type type,
    int tilesDone,
    Integer tilesTotal,
    String message,
    String reason,
    @JsonProperty(required = true) Instant timestamp) implements JobOutput {

  /** The lifecycle: ACCEPTED, then PROGRESS any number of times, then FINISHED or FAILED. */
  public enum Type { ACCEPTED, PROGRESS, FINISHED, FAILED }

  public JobEvent {
    Fields.requireText(jobId, "jobId");
    Fields.require(type, "type");
    Fields.require(timestamp, "timestamp");
  }

  public static JobEvent accepted(String jobId, String slideId, Instant at) {
    return new JobEvent(jobId, slideId, Type.ACCEPTED, 0, null, "accepted", null, at);
  }

  public static JobEvent progress(String jobId, String slideId, int done, int total, Instant at) {
    return new JobEvent(jobId, slideId, Type.PROGRESS, done, total, done + " of " + total + " tiles", null, at);
  }

  public static JobEvent finished(String jobId, String slideId, int total, Instant at) {
    return new JobEvent(jobId, slideId, Type.FINISHED, total, total, "finished", null, at);
  }

  public static JobEvent failed(String jobId, String slideId, String reason, String message, Instant at) {
    return new JobEvent(jobId, slideId, Type.FAILED, 0, null, message, reason, at);
  }

  @Override
  public String slideKey() {
    return slideId == null ? "" : slideId;
  }
}
