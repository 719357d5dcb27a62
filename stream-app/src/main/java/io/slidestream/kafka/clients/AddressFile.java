package io.slidestream.kafka.clients;

import io.slidestream.files.PendingFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A listening address ({@code host:port}) that a running service writes to a file, so that whoever
 * runs beside it on the same machine finds a listener on a free port: the embedded broker's
 * bootstrap address for {@code slidestream submit}, the HTTP endpoints' for scrapers and tests.
 */
public final class AddressFile {

  private final Path file;

  public AddressFile(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  public Path file() {
    return file;
  }

  /** Writes the address, replacing the file whole (through a {@link PendingFile}). */
  public void write(String bootstrapServers) {
    try {
      PendingFile.write(file, (bootstrapServers + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker address to " + file + ": " + e.getMessage(), e);
    }
  }

  /** The address, if a service left one (it may have died since: connecting tells). */
  public Optional<String> read() {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String s = Files.readString(file, StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Removes the file only while it still names this address (another service may have replaced it). */
  public void deleteIfNames(String bootstrapServers) {
    if (read().filter(bootstrapServers::equals).isPresent()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A stale file is harmless: submit finds the broker gone and says so.
      }
    }
  }
}
