package io.slidestream.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/**
 * Loads the service configuration. Precedence, highest first:
 * <ol>
 *   <li>JVM system properties ({@code -Dslidestream.kafka.bootstrap-servers=…});
 *   <li>environment variables {@code CONFIG_FORCE_<path>} (dots as {@code _}, dashes as {@code __});
 *   <li>the file named by {@code -Dconfig.file}, or else {@code conf/application.conf} as shipped,
 *       whose keys may also read {@code SLIDESTREAM_*} variables through {@code ${?VAR}};
 *   <li>the libraries' {@code reference.conf} defaults (Pekko, the Kafka connector).
 * </ol>
 */
public final class SlidestreamConfig {

  /** System property naming the installation directory; {@code bin/slidestream} sets it. */
  public static final String HOME_PROPERTY = "slidestream.home";

  private SlidestreamConfig() {}

  public static Config load() {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.load(
        ConfigFactory.systemEnvironmentOverrides().withFallback(ConfigFactory.defaultApplication()));
  }

  /** The installation directory, or the current directory when run outside the launcher. */
  public static Path home() {
    String home = System.getProperty(HOME_PROPERTY);
    return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
  }

  /** Resolves a configured path: absolute as given, relative against {@link #home()}. */
  public static Path path(Config config, String key) {
    Path p = Path.of(config.getString(key));
    return p.isAbsolute() ? p : home().resolve(p).normalize();
  }
}
