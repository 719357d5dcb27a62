package io.slidestream.kafka.clients;

import io.slidestream.files.PendingFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bootstrap address of an embedded broker that a running service started, in a file, so that
 * {@code slidestream submit} on the same machine can find a broker listening on a free port.
 */
public final class BrokerAddressFile {

  private final Path file;

  public BrokerAddressFile(Path file) {
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
