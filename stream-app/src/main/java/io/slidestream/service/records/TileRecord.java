package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One predicted tile: the value of a {@code slidestream.tiles} record. A consumer drops duplicates
 * (a job replayed after a crash) by {@code (jobId, tileIndex)}; the record of a slide that says
 * {@code tileCount} is its last.
 *
 * @param jobId             the job
 * @param slideId           the opaque slide id
 * @param tileIndex         {@code row × columns + col} in the slide's tile grid: stable for a slide,
 *                          model resolution and tile size
 * @param tileCount         null, except on the slide's last tile record: how many tiles it has
 * @param col               grid column
 * @param row               grid row
 * @param x                 level-0 x of the tile's core (the area it decides in the mask)
 * @param y                 level-0 y of the core
 * @param width             level-0 width of the core (clipped to the slide)
 * @param height            level-0 height of the core
 * @param micronsPerPixel   resolution the tile was predicted at
 * @param inferred          true when the network labelled it; false for a tile without tissue,
 *                          which is the background class throughout without running the network
 * @param pixelCounts       core pixels per class name, every class of the model in channel order
 * @param meanProbabilities mean probability per class name over the patch; empty when not inferred
 * @param labelPng          the core's labels (class ids) as an 8-bit grey PNG, when the service is
 *                          configured to send them; base64 in JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TileRecord(
    @JsonProperty(required = true) String jobId,
    @JsonProperty(required = true) String slideId,
    @JsonProperty(required = true) int tileIndex,
    Integer tileCount,
    @JsonProperty(required = true) int col,
    @JsonProperty(required = true) int row,
    @JsonProperty(required = true) long x,
    @JsonProperty(required = true) long y,
    @JsonProperty(required = true) long width,
    @JsonProperty(required = true) long height,
    @JsonProperty(required = true) double micronsPerPixel,
    @JsonProperty(required = true) boolean inferred,
    @JsonProperty(required = true) Map<String, Long> pixelCounts,
    Map<String, Double> meanProbabilities,
    byte[] labelPng) implements JobOutput {

  public TileRecord {
    Fields.requireText(jobId, "jobId");
    Fields.requireText(slideId, "slideId");
    Fields.requireNonNegative(tileIndex, "tileIndex");
    if (tileCount != null && tileCount <= tileIndex) {
      throw new IllegalArgumentException("tileCount " + tileCount + " must exceed the last tileIndex " + tileIndex);
    }
    pixelCounts = Collections.unmodifiableMap(new LinkedHashMap<>(Fields.require(pixelCounts, "pixelCounts")));
    meanProbabilities = Collections.unmodifiableMap(
        meanProbabilities == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meanProbabilities));
  }

  @Override
  public String slideKey() {
    return slideId;
  }

  /** This record marked as the slide's last: it carries the slide's tile count. */
  public TileRecord withTileCount(int count) {
    return new TileRecord(jobId, slideId, tileIndex, count, col, row, x, y, width, height, micronsPerPixel, inferred,
        pixelCounts, meanProbabilities, labelPng);
  }

  /** Whether this is the slide's last tile record. */
  @JsonIgnore
  public boolean isLast() {
    return tileCount != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TileRecord t && tileIndex == t.tileIndex && col == t.col && row == t.row && x == t.x
        && y == t.y && width == t.width && height == t.height && inferred == t.inferred
        && Double.compare(micronsPerPixel, t.micronsPerPixel) == 0 && jobId.equals(t.jobId)
        && slideId.equals(t.slideId) && Objects.equals(tileCount, t.tileCount) && pixelCounts.equals(t.pixelCounts)
        && meanProbabilities.equals(t.meanProbabilities) && Arrays.equals(labelPng, t.labelPng);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, slideId, tileIndex, tileCount, pixelCounts) * 31 + Arrays.hashCode(labelPng);
  }

  @Override
  public String toString() {
    return "TileRecord[job " + jobId + ", slide " + slideId + ", tile " + tileIndex
        + (tileCount != null ? " of " + tileCount : "") + " (" + col + ", " + row + ")"
        + (inferred ? "" : ", background") + ", " + pixelCounts + "]";
  }
}
