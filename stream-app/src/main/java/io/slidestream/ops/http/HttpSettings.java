package io.slidestream.ops.http;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.security.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The operations endpoints' settings, {@code slidestream.http} (each key documented in
 * {@code conf/application.conf}).
 *
 * @param enabled       whether {@code serve} runs the endpoints (and collects metrics) at all
 * @param host          the interface to bind: loopback unless a token is given
 * @param port          the port, 0 for a free one
 * @param token         the bearer token every endpoint but {@code /health/*} requires, if any
 * @param addressFile   where the bound {@code host:port} is written for whoever runs alongside
 * @param healthTimeout how long a readiness check may wait for the brokers
 * @param lagInterval   how often the consumer lag is sampled from the brokers
 * @param dashboard     whether {@code serve} also serves the fleet dashboard at {@code /}
 */
public record HttpSettings(boolean enabled, String host, int port, Optional<Secret> token, Path addressFile,
    Duration healthTimeout, Duration lagInterval, boolean dashboard) {

  /** Shortest token accepted: a guessable token is no token. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(addressFile, "addressFile");
    if (host.isBlank()) {
      throw new IllegalArgumentException("slidestream.http.host must name an interface, e.g. 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("slidestream.http.port must be in 0..65535, got " + port);
    }
    if (healthTimeout.isNegative() || healthTimeout.isZero()) {
      throw new IllegalArgumentException("slidestream.http.health-timeout must be positive, got " + healthTimeout);
    }
    if (lagInterval.isNegative() || lagInterval.isZero()) {
      throw new IllegalArgumentException("slidestream.http.lag-interval must be positive, got " + lagInterval);
    }
    if (token.isPresent() && token.get().reveal().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("the slidestream.http token is shorter than " + MIN_TOKEN_LENGTH
          + " characters: give a random one (e.g. openssl rand -hex 32)");
    }
    if (enabled && token.isEmpty() && !isLoopback(host)) {
      throw new IllegalArgumentException("slidestream.http.host " + host + " is not a loopback address, and without"
          + " a token anyone who reaches it could read the service's metrics: set slidestream.http.token-file or"
          + " slidestream.http.token-env, or bind to 127.0.0.1");
    }
  }

  /**
   * Reads {@code slidestream.http}; the token through {@link Secret#read} (a file's first line or
   * an environment variable, never a plain value).
   *
   * @throws IllegalArgumentException for a non-loopback host without a token, a short token, or
   *     a token file or variable that gives none
   */
  public static HttpSettings fromConfig(Config config) {
    Config c = config.getConfig("slidestream.http");
    boolean enabled = c.getBoolean("enabled");
    Optional<Secret> token = enabled ? Secret.read(c, "token", "slidestream.http") : Optional.empty();
    return new HttpSettings(enabled, c.getString("host").trim(), c.getInt("port"), token,
        SlidestreamConfig.path(config, "slidestream.http.address-file"), c.getDuration("health-timeout"),
        c.getDuration("lag-interval"), c.getBoolean("dashboard"));
  }

  /**
   * Whether {@code host} names only this machine (127.0.0.0/8, ::1, or a name that resolves only to
   * those): the one rule for every listener of the project that may run without a token.
   */
  public static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("slidestream.http.host " + host + " does not resolve", e);
    }
  }

  @Override
  public String toString() {
    return "HttpSettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", token="
        + token.map(t -> Secret.HIDDEN).orElse("none") + ", addressFile=" + addressFile + ", healthTimeout="
        + healthTimeout + ", lagInterval=" + lagInterval + ", dashboard=" + dashboard + "]";
  }
}
