package io.slidestream.kafka.clients;

import io.slidestream.kafka.security.KafkaConnection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Publishes through one idempotent Kafka producer shared by every slide in flight: single records
 * through a {@link SendProducer}, a job's stream of records through the connector's producer flow.
 * The producer belongs to this object and is closed (flushing what is pending) by {@link #close}.
 * Each record's time from the send to the broker's acknowledgement goes to an optional listener.
 */
public final class KafkaRecordPublisher implements RecordPublisher, AutoCloseable {

  private final Producer<String, String> producer;
  private final ProducerSettings<String, String> shared;
  private final SendProducer<String, String> single;
  private final LongConsumer ackNanos;

  private KafkaRecordPublisher(ActorSystem system, ProducerSettings<String, String> settings, LongConsumer ackNanos) {
    this.ackNanos = Objects.requireNonNull(ackNanos, "ackNanos");
    this.producer = settings.createKafkaProducer();
    // The stages must not close the producer when one job's stream ends: it serves them all.
    this.shared = settings.withProducer(producer).withCloseProducerOnStop(false);
    this.single = new SendProducer<>(shared, system);
  }

  /** A publisher to the brokers of {@code connection} with the service's producer properties. */
  public static KafkaRecordPublisher create(ActorSystem system, KafkaConnection connection,
      KafkaClientSettings clients, String clientId) {
    return create(system, connection, clients, clientId, nanos -> {});
  }

  /**
   * As {@link #create(ActorSystem, KafkaConnection, KafkaClientSettings, String)}, telling
   * {@code ackNanos} how long each acknowledged record took from its send.
   */
  public static KafkaRecordPublisher create(ActorSystem system, KafkaConnection connection,
      KafkaClientSettings clients, String clientId, LongConsumer ackNanos) {
    ProducerSettings<String, String> settings =
        ProducerSettings.create(system, new StringSerializer(), new StringSerializer())
            .withProperties(connection.stringProperties(clients.producerProperties(), clientId));
    return new KafkaRecordPublisher(system, settings, ackNanos);
  }

  @Override
  public CompletionStage<Done> publish(ProducerRecord<String, String> record) {
    long start = System.nanoTime();
    return single.send(record).handle((metadata, error) -> {
      if (error != null) {
        throw new PublishFailedException("cannot publish to " + record.topic() + ": " + rootMessage(error),
            unwrap(error));
      }
      ackNanos.accept(System.nanoTime() - start);
      return Done.getInstance();
    });
  }

  @Override
  public Sink<ProducerRecord<String, String>, CompletionStage<Done>> sink() {
    return Flow.<ProducerRecord<String, String>>create()
        .map(r -> ProducerMessage.<String, String, Long>single(r, System.nanoTime()))
        .via(org.apache.pekko.kafka.javadsl.Producer.<String, String, Long>flexiFlow(shared))
        .map(result -> {
          ackNanos.accept(System.nanoTime() - result.passThrough());
          return result;
        })
        .toMat(Sink.ignore(), Keep.right());
  }

  /** The producer's own metrics (record errors, retries, …), live. */
  public Map<MetricName, ? extends Metric> metrics() {
    return producer.metrics();
  }

  /** Flushes what is pending and closes the producer. */
  @Override
  public void close() {
    producer.flush();
    producer.close();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = unwrap(e);
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
