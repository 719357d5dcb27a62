package io.slidestream.files;

import java.nio.file.Path;

/**
 * A file moved into place complete, with what a consumer needs to verify it.
 *
 * @param file   its final path
 * @param bytes  its size
 * @param sha256 lower-case hex SHA-256 of its content
 */
public record PublishedFile(Path file, long bytes, String sha256) {}
