package io.slidestream.hem.kafka;

import com.typesafe.config.Config;
import io.slidestream.hem.kafka.internals.Chunker;
import io.slidestream.kafka.clients.KafkaClientSettings;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.topics.TopicCatalog;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How the Kafka links of distributed hard example mining reach the broker.
 *
 * @param connection         the brokers and how to speak to them
 * @param topics             the snapshot, error-map and training topics
 * @param chunkBytes         largest record value a message is cut into ({@code slidestream.hem.chunk-bytes})
 * @param producerProperties the service's producer properties ({@code slidestream.kafka.producer}):
 *                           acks=all and idempotence included
 */
public record HemLinkSettings(KafkaConnection connection, HemTopics topics, int chunkBytes,
    Map<String, String> producerProperties) {

  public HemLinkSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(topics, "topics");
    new Chunker(chunkBytes); // validates the size
    producerProperties = Map.copyOf(producerProperties);
  }

  /** Reads {@code slidestream.kafka.producer}, {@code slidestream.topics} and {@code slidestream.hem} of the root config. */
  public static HemLinkSettings fromConfig(Config root, KafkaConnection connection) {
    KafkaClientSettings clients = KafkaClientSettings.fromConfig(root.getConfig("slidestream.kafka"));
    return new HemLinkSettings(connection,
        HemTopics.of(TopicCatalog.fromConfig(root.getConfig("slidestream.topics"))),
        root.getInt("slidestream.hem.chunk-bytes"), clients.producerProperties());
  }

  /** For tests and tools: brokers spoken to in plaintext, the given topics, default producer guarantees. */
  public static HemLinkSettings of(String bootstrapServers, HemTopics topics, int chunkBytes) {
    return new HemLinkSettings(KafkaConnection.plaintext(bootstrapServers), topics, chunkBytes, Map.of());
  }

  public String bootstrapServers() {
    return connection.bootstrapServers();
  }

  /** Producer properties for one link: the configured ones, with the guarantees this link rests on applied last. */
  Map<String, Object> producer(String clientId) {
    Map<String, Object> p = new TreeMap<>(producerProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    int inFlight = Integer.parseInt(String.valueOf(p.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        "5")));
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, String.valueOf(Math.min(5, inFlight)));
    // A chunk plus its headers must fit one request.
    int request = Integer.parseInt(String.valueOf(p.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "0")));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Math.max(request, chunkBytes + 64 * 1024)));
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    return connection.clientProperties(p, clientId);
  }
}
