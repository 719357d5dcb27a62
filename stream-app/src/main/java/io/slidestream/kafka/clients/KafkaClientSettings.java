package io.slidestream.kafka.clients;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How the service talks to Kafka: {@code slidestream.kafka.consumer}, {@code .producer} and
 * {@code .committer}. The properties that the delivery guarantees rest on (acks=all, idempotence,
 * cooperative-sticky assignment, manual commits) are applied after the free-form
 * {@code kafka-clients} sections, so configuration cannot weaken them by accident.
 *
 * @param groupId            consumer group of the jobs topic
 * @param groupInstanceId    static membership id, empty for dynamic membership
 * @param sessionTimeout     consumer session timeout
 * @param autoOffsetReset    {@code earliest} or {@code latest}
 * @param consumerExtras     further consumer properties
 * @param linger             producer linger
 * @param maxRequestSize     producer request limit in bytes
 * @param compression        producer compression codec
 * @param producerExtras     further producer properties
 * @param commitMaxBatch     offsets committed together at most
 * @param commitMaxInterval  longest an offset waits for its batch
 */
public record KafkaClientSettings(
    String groupId,
    Optional<String> groupInstanceId,
    Duration sessionTimeout,
    String autoOffsetReset,
    Map<String, String> consumerExtras,
    Duration linger,
    int maxRequestSize,
    String compression,
    Map<String, String> producerExtras,
    int commitMaxBatch,
    Duration commitMaxInterval) {

  public KafkaClientSettings {
    Objects.requireNonNull(groupId, "groupId");
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("slidestream.kafka.consumer.group-id must not be empty");
    }
    groupInstanceId = groupInstanceId.filter(s -> !s.isBlank());
    if (!autoOffsetReset.equals("earliest") && !autoOffsetReset.equals("latest")) {
      throw new IllegalArgumentException(
          "slidestream.kafka.consumer.auto-offset-reset must be earliest or latest, got " + autoOffsetReset);
    }
    if (commitMaxBatch < 1) {
      throw new IllegalArgumentException("slidestream.kafka.committer.max-batch must be positive, got " + commitMaxBatch);
    }
    consumerExtras = Map.copyOf(consumerExtras);
    producerExtras = Map.copyOf(producerExtras);
  }

  /** Reads {@code slidestream.kafka}. */
  public static KafkaClientSettings fromConfig(Config kafka) {
    Config c = kafka.getConfig("consumer");
    Config p = kafka.getConfig("producer");
    Config k = kafka.getConfig("committer");
    return new KafkaClientSettings(
        c.getString("group-id"),
        Optional.of(c.getString("group-instance-id")),
        c.getDuration("session-timeout"),
        c.getString("auto-offset-reset"),
        flat(c.getConfig("kafka-clients")),
        p.getDuration("linger"),
        p.getInt("max-request-size"),
        p.getString("compression"),
        flat(p.getConfig("kafka-clients")),
        k.getInt("max-batch"),
        k.getDuration("max-interval"));
  }

  /** A copy with another static membership id (or none). */
  public KafkaClientSettings withGroupInstanceId(Optional<String> id) {
    return new KafkaClientSettings(groupId, id, sessionTimeout, autoOffsetReset, consumerExtras, linger,
        maxRequestSize, compression, producerExtras, commitMaxBatch, commitMaxInterval);
  }

  /** Consumer properties for the jobs topic, the guarantees last. */
  public Map<String, String> consumerProperties() {
    Map<String, String> props = new TreeMap<>(consumerExtras);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeout.toMillis()));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    // Offsets are committed by the stream, after the outputs of a job are durable.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A job record is small; a few at a time keeps the ones not yet started on the broker, where
    // another instance can take them after a rebalance.
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "16");
    return props;
  }

  /** Producer properties, the guarantees last. */
  public Map<String, String> producerProperties() {
    Map<String, String> props = new TreeMap<>(producerExtras);
    props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(linger.toMillis()));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRequestSize));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Idempotence keeps order with up to 5 requests in flight per connection.
    String inFlight = props.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    if (Integer.parseInt(inFlight) > 5) {
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    }
    return props;
  }

  private static Map<String, String> flat(Config section) {
    Map<String, String> out = new TreeMap<>();
    // Kafka property names contain dots; HOCON would nest them, so they are quoted keys.
    section.root().forEach((key, value) -> out.put(key, String.valueOf(value.unwrapped())));
    return out;
  }
}
