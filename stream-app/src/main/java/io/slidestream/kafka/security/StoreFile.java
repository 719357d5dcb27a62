package io.slidestream.kafka.security;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A key store or trust store: its file, type (PKCS12, JKS, PEM) and password.
 *
 * @param path     the store file
 * @param type     its type, as Kafka's {@code ssl.*.type} takes it
 * @param password its password; PEM stores may have none
 */
public record StoreFile(Path path, String type, Optional<Secret> password) {

  public StoreFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(password, "password");
  }

  /** Reads {@code path}, {@code type} and {@code password-file}/{@code password-env}; empty when path is empty. */
  public static Optional<StoreFile> fromConfig(Config section, String where) {
    String path = section.getString("path").trim();
    if (path.isEmpty()) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(Path.of(path))) {
      throw new IllegalArgumentException(where + ".path " + path + " is not a file");
    }
    return Optional.of(new StoreFile(Path.of(path), section.getString("type"), Secret.read(section, "password", where)));
  }
}
