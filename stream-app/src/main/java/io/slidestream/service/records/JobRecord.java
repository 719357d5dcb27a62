package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A request to segment one slide: the value of a {@code slidestream.jobs} record.
 *
 * <p>Every field has a size limit, checked when the record is decoded, so that nothing a record
 * carries can make an answer (event, dead letter, mask record) exceed its topic's limit: the whole
 * value at most {@value #MAX_VALUE_BYTES} bytes; {@code jobId} {@value #MAX_JOB_ID_CHARS}
 * characters; {@code slideUri} {@value #MAX_SLIDE_URI_CHARS}; {@code modelId}
 * {@value #MAX_MODEL_ID_CHARS}; {@code requestedBy} {@value #MAX_REQUESTED_BY_CHARS}; and
 * {@code options.outputs} at most {@value JobOptions#MAX_OUTPUTS} entries of at most
 * {@value JobOptions#MAX_OUTPUT_CHARS} characters. A record beyond a limit is refused as
 * malformed, with a message naming the field and the limit, never the value.
 *
 * @param jobId                 the caller's id for this job; names the job's output directory, so 1 to
 *                              200 of {@code A-Z a-z 0-9 . _ -}, not starting with '.' or '-'
 * @param slideUri              the slide: a path or {@code file:} URI under one of the configured
 *                              allowed roots
 * @param modelId               a model of the model store, or null for the configured default model
 * @param targetMicronsPerPixel resolution to run at, or null for the model's own; more than 0, at most
 *                              10,000 µm/px and at most the slide's shorter side in µm (checked
 *                              at validation, as INVALID_OPTIONS)
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

  /** The largest job record value, in bytes, the service reads. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;
  /** The output-directory rule's limit ({@code OutputStore.isValidJobId}). */
  public static final int MAX_JOB_ID_CHARS = 200;
  /** Linux's PATH_MAX: no longer path can be opened anyway. */
  public static final int MAX_SLIDE_URI_CHARS = 4096;
  /** The model store's id rule ({@code ModelStore}) allows no more. */
  public static final int MAX_MODEL_ID_CHARS = 200;
  public static final int MAX_REQUESTED_BY_CHARS = 256;

  public JobRecord {
    Fields.requireText(jobId, "jobId");
    Fields.requireText(slideUri, "slideUri");
    Fields.requireAtMost(jobId, "jobId", MAX_JOB_ID_CHARS);
    Fields.requireAtMost(slideUri, "slideUri", MAX_SLIDE_URI_CHARS);
    Fields.requireAtMost(modelId, "modelId", MAX_MODEL_ID_CHARS);
    Fields.requireAtMost(requestedBy, "requestedBy", MAX_REQUESTED_BY_CHARS);
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
