package io.slidestream.kafka.security;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Where the brokers are and how to speak to them: what every Kafka client of the project is built
 * from, so that none can be built without the configured security.
 *
 * @param bootstrapServers {@code host:port,…}
 * @param security         TLS and SASL settings
 */
public record KafkaConnection(String bootstrapServers, KafkaSecurity security) {

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(security, "security");
  }

  /** Brokers spoken to without TLS or authentication (the embedded broker on loopback, tests). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, KafkaSecurity.PLAINTEXT);
  }

  /** The same brokers with another security (e.g. another principal). */
  public KafkaConnection withSecurity(KafkaSecurity other) {
    return new KafkaConnection(bootstrapServers, other);
  }

  /**
   * {@code clientProps} with the bootstrap servers, the client id and the security properties put
   * last, so that no free-form property can weaken them.
   */
  public Map<String, Object> clientProperties(Map<String, ?> clientProps, String clientId) {
    Map<String, Object> p = new TreeMap<>(clientProps);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return security.applyTo(p);
  }

  /**
   * An admin client whose every call gives up within {@code timeout} (its default API and request
   * time-outs), so that an unreachable or silent cluster fails a start-up in that time rather than
   * in the client's minute.
   */
  public Admin admin(String clientId, Duration timeout) {
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return Admin.create(clientProperties(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms), clientId));
  }

  /** As {@link #clientProperties}, with string values (for Pekko's connector settings). */
  public Map<String, String> stringProperties(Map<String, String> clientProps, String clientId) {
    Map<String, String> p = new TreeMap<>(clientProps);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return security.applyTo(p);
  }
}
