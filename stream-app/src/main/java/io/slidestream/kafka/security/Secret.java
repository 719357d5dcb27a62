package io.slidestream.kafka.security;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A password or other credential. Its {@link #toString} never shows it, so a record that holds one
 * can be logged or printed as it is; only {@link #reveal} hands the value to the Kafka client.
 */
public final class Secret {

  /** How a credential prints, wherever it is shown. */
  public static final String HIDDEN = "[hidden]";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** For tests and for values that already come from a file or the environment. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /**
   * Reads {@code <name>-file} (the first line of that file) or else {@code <name>-env} (the
   * variable of that name) from {@code section}; empty when neither is set. A plain {@code <name>}
   * key is refused: a password in the configuration ends up on command lines (-D) and in dumps.
   *
   * @throws IllegalArgumentException when the key is set but the file or variable cannot give a value
   */
  public static Optional<Secret> read(Config section, String name, String where) {
    if (section.hasPath(name)) {
      throw new IllegalArgumentException(where + "." + name + " is not accepted: give " + where + "." + name
          + "-file (a file holding it) or " + where + "." + name + "-env (an environment variable)");
    }
    String file = section.hasPath(name + "-file") ? section.getString(name + "-file").trim() : "";
    String env = section.hasPath(name + "-env") ? section.getString(name + "-env").trim() : "";
    if (!file.isEmpty()) {
      try {
        String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        String first = content.lines().findFirst().orElse("");
        if (first.isEmpty()) {
          throw new IllegalArgumentException(where + "." + name + "-file " + file + " is empty");
        }
        return Optional.of(new Secret(first));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + where + "." + name + "-file " + file + ": "
            + e.getClass().getSimpleName(), e);
      }
    }
    if (!env.isEmpty()) {
      String v = System.getenv(env);
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(where + "." + name + "-env names " + env + ", which is not set");
      }
      return Optional.of(new Secret(v));
    }
    return Optional.empty();
  }

  /** The value itself, for the client property that needs it; never log it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /**
   * Whether a configuration key's value could be a credential: its last segment names a password,
   * a JAAS line or a secret. The {@code -file} and {@code -env} keys {@link #read} takes name where
   * a credential is, not the credential, and pass.
   */
  public static boolean isCredentialKey(String lastSegment) {
    String k = lastSegment.toLowerCase(java.util.Locale.ROOT);
    return (k.contains("password") || k.contains("jaas") || k.contains("secret"))
        && !k.endsWith("-file") && !k.endsWith("-env");
  }

  @Override
  public String toString() {
    return HIDDEN;
  }
}
