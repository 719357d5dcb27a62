package io.slidestream.hem.events;

import io.slidestream.kafka.security.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes training events to the training topic, keyed by run id. Events feed dashboards: a
 * broker that does not take one costs a warning, never the run.
 */
public final class TrainingEventPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingEventPublisher.class);

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final TrainingEventCodec codec = new TrainingEventCodec();

  /**
   * @param producerProperties the service's producer properties (acks=all, idempotence); the
   *                           brokers, security and client id come from {@code connection}
   */
  public TrainingEventPublisher(KafkaConnection connection, String topic, Map<String, String> producerProperties,
      String clientId) {
    Map<String, Object> p = new TreeMap<>(producerProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    this.producer = new KafkaProducer<>(connection.clientProperties(p, clientId), new StringSerializer(),
        new StringSerializer());
    this.topic = topic;
  }

  public void publish(TrainingEvent event) {
    try {
      producer.send(new ProducerRecord<>(topic, event.runId(), codec.toJson(event)), (meta, error) -> {
        if (error != null) {
          LOG.warn("training event {} of run {} not published to {}: {}", event.type(), event.runId(), topic,
              error.getMessage());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("training event {} of run {} not published to {}: {}", event.type(), event.runId(), topic,
          e.getMessage());
    }
  }

  /** Waits until every event sent so far is acknowledged (or failed). */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
