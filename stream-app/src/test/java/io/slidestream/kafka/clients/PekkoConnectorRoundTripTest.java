package io.slidestream.kafka.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import io.slidestream.kafka.topics.TopicCatalog;
import io.slidestream.kafka.topics.TopicProvisioner;
import io.slidestream.kafka.topics.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole foundation in one pass: the embedded broker starts, the application's topics are
 * created from configuration, records go through the Pekko Kafka producer and come back through a
 * committable Pekko consumer, the offsets are committed, and the broker shuts down cleanly.
 */
class PekkoConnectorRoundTripTest {

  @TempDir Path dir;

  @Test
  void producesAndConsumesThroughPekkoAgainstTheEmbeddedBroker() throws Exception {
    Config config = SlidestreamConfig.load();
    TopicCatalog catalog = TopicCatalog.fromConfig(config.getConfig("slidestream.topics"));
    TopicSpec tiles = catalog.role("tiles");
    int n = 200;
    // Larger than Kafka's default 1 MiB limit, within the tiles topic's configured 4 MiB.
    String bigValue = "x".repeat(2 * 1024 * 1024);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.at(dir.resolve("kafka")))) {
      ActorSystem system = ActorSystem.create("roundtrip", config);
      try {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        List<String> created = new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(catalog.all());
        assertThat(created).containsAll(catalog.all().stream().map(TopicSpec::name).toList());
      }

      ProducerSettings<String, String> producerSettings =
          ProducerSettings.create(system, new StringSerializer(), new StringSerializer())
              .withBootstrapServers(broker.bootstrapServers())
              .withProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024));
      Done produced = Source.range(0, n - 1)
          .map(i -> new ProducerRecord<>(tiles.name(), "slide-" + (i % 7), i == 0 ? bigValue : "tile-" + i))
          .runWith(Producer.plainSink(producerSettings), system)
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(produced).isEqualTo(Done.getInstance());

      ConsumerSettings<String, String> consumerSettings =
          ConsumerSettings.create(system, new StringDeserializer(), new StringDeserializer())
              .withBootstrapServers(broker.bootstrapServers())
              .withGroupId("roundtrip")
              .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
              .withProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
      ConcurrentLinkedQueue<String> values = new ConcurrentLinkedQueue<>();
      Consumer.committableSource(consumerSettings, Subscriptions.topics(tiles.name()))
          .map(msg -> {
            values.add(msg.record().value());
            return msg.committableOffset();
          })
          .take(n)
          .runWith(Committer.sink(CommitterSettings.create(system)), system)
          .toCompletableFuture().get(90, TimeUnit.SECONDS);

      assertThat(values).hasSize(n);
      assertThat(values).contains(bigValue);
      assertThat(values.stream().filter(v -> v.startsWith("tile-")).collect(Collectors.toSet()))
          .isEqualTo(IntStream.range(1, n).mapToObj(i -> "tile-" + i).collect(Collectors.toSet()));

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        long committed = admin.listConsumerGroupOffsets("roundtrip").partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        assertThat(committed).as("every consumed record's offset was committed").isEqualTo(n);
      }
      } finally {
        // Clients stop before the broker does, as in the service's own shutdown.
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
