package io.slidestream.kafka.clients;

import io.slidestream.kafka.security.KafkaConnection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
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
 */
public final class KafkaRecordPublisher implements RecordPublisher, AutoCloseable {

  private final Producer<String, String> producer;
  private final ProducerSettings<String, String> shared;
  private final SendProducer<String, String> single;

  private KafkaRecordPublisher(ActorSystem system, ProducerSettings<String, String> settings) {
    this.producer = settings.createKafkaProducer();
    // The stages must not close the producer when one job's stream ends: it serves them all.
    this.shared = settings.withProducer(producer).withCloseProducerOnStop(false);
    this.single = new SendProducer<>(shared, system);
  }

  /** A publisher to the brokers of {@code connection} with the service's producer properties. */
  public static KafkaRecordPublisher create(ActorSystem system, KafkaConnection connection,
      KafkaClientSettings clients, String clientId) {
    ProducerSettings<String, String> settings =
        ProducerSettings.create(system, new StringSerializer(), new StringSerializer())
            .withProperties(connection.stringProperties(clients.producerProperties(), clientId));
    return new KafkaRecordPublisher(system, settings);
  }

  @Override
  public CompletionStage<Done> publish(ProducerRecord<String, String> record) {
    return single.send(record).handle((metadata, error) -> {
      if (error != null) {
        throw new PublishFailedException("cannot publish to " + record.topic() + ": " + rootMessage(error),
            unwrap(error));
      }
      return Done.getInstance();
    });
  }

  @Override
  public Sink<ProducerRecord<String, String>, CompletionStage<Done>> sink() {
    return Flow.<ProducerRecord<String, String>>create()
        .map(r -> ProducerMessage.<String, String>single(r))
        .via(org.apache.pekko.kafka.javadsl.Producer.<String, String, NotUsed>flexiFlow(shared))
        .toMat(Sink.ignore(), Keep.right());
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
