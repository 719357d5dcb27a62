package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A request to segment one slide: the value of a {@code slidestream.jobs} record.
 *
 * @param jobId                 the caller's id for this job; names the job's output directory, so 1 to
 *                              200 of {@code A-Z a-z 0-9 . _ -}, not starting with '.' or '-'
 * @param slideUri              the slide: a path or {@code file:} URI under one of the configured
 *                              allowed roots
 * @param modelId               a model of the model store, or null for the configured default model
 * @param targetMicronsPerPixel resolution to run at, or null for the model's own
 * @param options               tile size, overlap and outputs, or null for the configured defaults
 * @param requestedBy           free text naming who asked (a user, a LIMS), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRecord(
    @JsonProperty(required = true) String jobId,
    @JsonProperty(required = true) String slideUri,
    String modelId,
    Double targetMicronsPerPixel,
    JobOptions options,
    String requestedBy) {

  public JobRecord {
    Fields.requireText(jobId, "jobId");
    Fields.requireText(slideUri, "slideUri");
  }

  /** A job with every optional field left to the defaults. */
  public static JobRecord of(String jobId, String slideUri, String modelId) {
    return new JobRecord(jobId, slideUri, modelId, null, null, null);
  }

  public JobRecord withOptions(JobOptions o) {
    return new JobRecord(jobId, slideUri, modelId, targetMicronsPerPixel, o, requestedBy);
  }

  public JobRecord withTargetMicronsPerPixel(Double mpp) {
    return new JobRecord(jobId, slideUri, modelId, mpp, options, requestedBy);
  }

  public JobRecord withRequestedBy(String who) {
    return new JobRecord(jobId, slideUri, modelId, targetMicronsPerPixel, options, who);
  }
}
