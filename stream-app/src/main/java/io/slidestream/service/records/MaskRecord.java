package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished slide: the value of a {@code slidestream.masks} record, sent only once every output
 * file is complete on disk (synced and renamed into place). Exactly one per job run.
 *
 * @param jobId           the job
 * @param slideId         the opaque slide id
 * @param outputs         the files written, with checksums and sizes
 * @param areasUm2        area per class name in µm² over the whole mask (null values when the slide
 *                        does not state its resolution)
 * @param tileCount       tiles in the slide's grid (all of them have a tile record)
 * @param micronsPerPixel the mask's resolution
 * @param timings         where the time went
 * @param modelId         the model's id
 * @param modelVersion    SHA-256 of the model file: exactly which weights produced the mask
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaskRecord(
    @JsonProperty(required = true) String jobId,
    @JsonProperty(required = true) String slideId,
    @JsonProperty(required = true) List<OutputFile> outputs,
    @JsonProperty(required = true) Map<String, Double> areasUm2,
    @JsonProperty(required = true) int tileCount,
    @JsonProperty(required = true) double micronsPerPixel,
    @JsonProperty(required = true) JobTimings timings,
    @JsonProperty(required = true) String modelId,
    @JsonProperty(required = true) String modelVersion) implements JobOutput {

  public MaskRecord {
    Fields.requireText(jobId, "jobId");
    Fields.requireText(slideId, "slideId");
    outputs = List.copyOf(Fields.require(outputs, "outputs"));
    // LinkedHashMap keeps the class order and, unlike Map.copyOf, a null area.
    areasUm2 = Collections.unmodifiableMap(new LinkedHashMap<>(Fields.require(areasUm2, "areasUm2")));
    Fields.requireNonNegative(tileCount, "tileCount");
    Fields.require(timings, "timings");
    Fields.requireText(modelId, "modelId");
    Fields.requireText(modelVersion, "modelVersion");
  }

  @Override
  public String slideKey() {
    return slideId;
  }

  public MaskRecord withTimings(JobTimings t) {
    return new MaskRecord(jobId, slideId, outputs, areasUm2, tileCount, micronsPerPixel, t, modelId, modelVersion);
  }
}
