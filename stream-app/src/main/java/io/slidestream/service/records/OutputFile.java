package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One published output file of a job.
 *
 * @param kind   mask-tiff, overview-png, geojson or areas-json
 * @param uri    where it is, as a URI of the output store ({@code file:///…} for a directory)
 * @param sha256 lower-case hex SHA-256 of its content
 * @param bytes  its size
 */
public record OutputFile(
    @JsonProperty(required = true) String kind,
    @JsonProperty(required = true) String uri,
    @JsonProperty(required = true) String sha256,
    @JsonProperty(required = true) long bytes) {

  public OutputFile {
    Fields.requireText(kind, "kind");
    Fields.requireText(uri, "uri");
    Fields.requireText(sha256, "sha256");
    Fields.requireNonNegative(bytes, "bytes");
  }
}
