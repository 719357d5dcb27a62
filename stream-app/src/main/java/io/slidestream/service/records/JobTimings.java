package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a job's time went, in milliseconds.
 *
 * @param queuedMs    from the job record's timestamp to the start of processing (null without Kafka)
 * @param totalMs     from the start of processing to the mask record
 * @param readMs      summed over tiles: reading and resampling pixels (runs in parallel, so it can
 *                    exceed the total)
 * @param inferenceMs summed over batches: the network, on the inference thread
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTimings(Long queuedMs, @JsonProperty(required = true) long totalMs, Long readMs, Long inferenceMs) {

  public JobTimings withQueuedMs(Long ms) {
    return new JobTimings(ms, totalMs, readMs, inferenceMs);
  }
}
