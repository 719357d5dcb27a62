package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a job may choose about its tiling and outputs; every field is optional (null: the configured
 * default, or the model's). Validation against the model happens when the job is accepted.
 *
 * @param tileSize core side of a tile in pixels at the target resolution, a multiple of 16
 * @param overlap  context read on each side of a core, in pixels at the target resolution
 * @param outputs  output kinds wanted: any of mask-tiff, overview-png, geojson, areas-json
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOptions(Integer tileSize, Integer overlap, List<String> outputs) {

  public JobOptions {
    outputs = outputs == null ? null : List.copyOf(outputs);
  }

  public static JobOptions defaults() {
    return new JobOptions(null, null, null);
  }
}
