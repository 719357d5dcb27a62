package io.slidestream.kafka.broker;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the in-process single-node KRaft broker is laid out.
 *
 * @param dataDir          log and metadata directory; formatted on first start, reused afterwards
 * @param host             interface to bind; loopback unless a container needs otherwise
 * @param port             client listener port, 0 for a free one
 * @param controllerPort   KRaft controller listener port, 0 for a free one
 * @param offsetsPartitions partitions of {@code __consumer_offsets}; one node needs few
 * @param overrides        further broker properties, applied last
 * @param security         SASL_SSL client listener and SCRAM users; empty: PLAINTEXT on {@code host}
 */
public record BrokerSettings(
    Path dataDir,
    String host,
    int port,
    int controllerPort,
    int offsetsPartitions,
    Map<String, String> overrides,
    Optional<BrokerSecurity> security) {

  /** Without security: a PLAINTEXT client listener. */
  public BrokerSettings(Path dataDir, String host, int port, int controllerPort, int offsetsPartitions,
      Map<String, String> overrides) {
    this(dataDir, host, port, controllerPort, offsetsPartitions, overrides, Optional.empty());
  }

  public BrokerSettings {
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
      throw new IllegalArgumentException("ports must be in 0..65535, got " + port + " and " + controllerPort);
    }
    if (offsetsPartitions < 1) {
      throw new IllegalArgumentException("offsetsPartitions must be positive, got " + offsetsPartitions);
    }
    overrides = Map.copyOf(overrides);
  }

  /** Loopback, free ports, defaults for everything else. */
  public static BrokerSettings at(Path dataDir) {
    return new BrokerSettings(dataDir, "127.0.0.1", 0, 0, 4, Map.of());
  }

  /**
   * Reads {@code slidestream.embedded-broker}; {@code dataDir} is already resolved by the caller
   * because relative paths depend on the installation directory.
   */
  public static BrokerSettings fromConfig(Config section, Path dataDir) {
    Map<String, String> overrides = new TreeMap<>();
    Config o = section.getConfig("overrides");
    // Broker property names contain dots; HOCON would nest them, so they are quoted keys.
    o.root().forEach((key, value) -> overrides.put(key, String.valueOf(value.unwrapped())));
    return new BrokerSettings(
        dataDir,
        section.getString("host"),
        section.getInt("port"),
        section.getInt("controller-port"),
        section.getInt("offsets-partitions"),
        overrides,
        section.hasPath("security") ? BrokerSecurity.fromConfig(section.getConfig("security")) : Optional.empty());
  }

  public BrokerSettings withPorts(int newPort, int newControllerPort) {
    return new BrokerSettings(dataDir, host, newPort, newControllerPort, offsetsPartitions, overrides, security);
  }

  public BrokerSettings withSecurity(BrokerSecurity newSecurity) {
    return new BrokerSettings(dataDir, host, port, controllerPort, offsetsPartitions, overrides,
        Optional.of(newSecurity));
  }
}
