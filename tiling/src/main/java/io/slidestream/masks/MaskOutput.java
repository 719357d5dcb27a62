package io.slidestream.masks;

import java.nio.file.Path;

/**
 * A published output file.
 *
 * @param kind   what it is: "mask-tiff", "overview-png", "geojson", "areas-json"
 * @param file   where it was written
 * @param bytes  its size
 * @param sha256 hex SHA-256 of its content, so consumers can verify and deduplicate
 */
public record MaskOutput(String kind, Path file, long bytes, String sha256) {}
