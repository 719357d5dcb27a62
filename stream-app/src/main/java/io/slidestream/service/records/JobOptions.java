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

  /** There are four output kinds; a longer list is not a mistake but an attempt. */
  public static final int MAX_OUTPUTS = 16;
  public static final int MAX_OUTPUT_CHARS = 64;

  public JobOptions {
    if (outputs != null) {
      if (outputs.size() > MAX_OUTPUTS) {
        throw new IllegalArgumentException("field 'options.outputs' has " + outputs.size()
            + " entries, more than the limit of " + MAX_OUTPUTS);
      }
      for (String kind : outputs) {
        if (kind == null) {
          throw new IllegalArgumentException("field 'options.outputs' must not contain null");
        }
        Fields.requireAtMost(kind, "options.outputs", MAX_OUTPUT_CHARS);
      }
      outputs = List.copyOf(outputs);
    }
  }

  public static JobOptions defaults() {
    return new JobOptions(null, null, null);
  }
}
