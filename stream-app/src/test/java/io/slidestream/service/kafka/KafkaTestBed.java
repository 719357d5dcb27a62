package io.slidestream.service.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.broker.BrokerSecurity;
import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaSecurity;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.testdata.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real embedded broker for the service's integration tests, with the configuration of a
 * service under test (its own topics and group per test, stores in a temporary directory) and
 * helpers to publish raw job records and read what the service published.
 */
final class KafkaTestBed implements AutoCloseable {

  /** The test's own broker, or null when the bed talks to a broker another process runs. */
  final EmbeddedKafkaBroker broker;
  /** How the bed's own producer, readers and admin clients speak to the broker. */
  final KafkaConnection client;
  private final KafkaProducer<String, byte[]> producer;

  KafkaTestBed(Path dir) {
    this(BrokerSettings.at(dir.resolve("kafka")), KafkaSecurity.PLAINTEXT);
  }

  /** A broker with a SASL_SSL listener; the bed's own clients log in with {@code clientSecurity}. */
  KafkaTestBed(Path dir, BrokerSecurity security, KafkaSecurity clientSecurity) {
    this(BrokerSettings.at(dir.resolve("kafka")).withSecurity(security), clientSecurity);
  }

  private KafkaTestBed(BrokerSettings settings, KafkaSecurity clientSecurity) {
    this(EmbeddedKafkaBroker.start(settings), null, clientSecurity);
  }

  private KafkaTestBed(EmbeddedKafkaBroker broker, String bootstrap, KafkaSecurity clientSecurity) {
    this.broker = broker;
    client = new KafkaConnection(broker != null ? broker.bootstrapServers() : bootstrap, clientSecurity);
    producer = new KafkaProducer<>(client.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all"), "test-bed"),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** A bed over a broker that runs elsewhere (a {@code serve} process's embedded broker); closing it leaves the broker be. */
  static KafkaTestBed external(String bootstrap) {
    return new KafkaTestBed(null, bootstrap, KafkaSecurity.PLAINTEXT);
  }

  String bootstrap() {
    return client.bootstrapServers();
  }

  /**
   * The configuration of a service under test: topics named {@code <prefix>.<role>} with 2
   * partitions, group {@code <prefix>}, models in {@code work/models}, outputs in
   * {@code work/outputs}, slides allowed under {@code work/slides} and the shared data's slides.
   */
  Config config(String prefix, Path work, Map<String, Object> more) {
    return ConfigFactory.parseMap(overrides(prefix, work, more)).withFallback(SlidestreamConfig.load()).resolve();
  }

  /** The keys {@link #config} sets, for a service in another JVM. */
  Map<String, Object> overrides(String prefix, Path work, Map<String, Object> more) {
    Map<String, Object> o = new HashMap<>();
    o.put("slidestream.kafka.bootstrap-servers", bootstrap());
    for (String role : List.of("jobs", "tiles", "masks", "events", "dead-letters", "training", "hem-snapshots",
        "hem-error-maps", "status")) {
      o.put("slidestream.topics." + role + ".name", prefix + "." + role);
      o.put("slidestream.topics." + role + ".partitions", role.equals("dead-letters") ? 1 : 2);
    }
    o.put("slidestream.kafka.consumer.group-id", prefix);
    o.put("slidestream.models.store", work.resolve("models").toString());
    o.put("slidestream.outputs.store", work.resolve("outputs").toString());
    o.put("slidestream.jobs.allowed-roots", List.of(work.resolve("slides").toString(),
        SharedData.cmuSmallRegion().getParent().toString()));
    o.put("slidestream.work-dir", work.toString());
    // Paths made from the work directory were resolved with the shipped one: set them too.
    o.put("slidestream.http.address-file", work.resolve("http.address").toString());
    o.putAll(more);
    return o;
  }

  static ServiceTopics topics(String prefix) {
    return new ServiceTopics(prefix + ".jobs", prefix + ".tiles", prefix + ".masks", prefix + ".events",
        prefix + ".dead-letters");
  }

  /** Publishes a raw value to a partition of the jobs topic and waits for the broker. */
  void send(String topic, Integer partition, String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, key,
        value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
  }

  /** Publishes a job record as JSON. */
  void send(String topic, Integer partition, String key, Object record) throws Exception {
    send(topic, partition, key, RecordCodec.shared().toJson(record));
  }

  /** Everything in a topic from the beginning, read until {@code done} holds or the timeout passes. */
  List<ConsumerRecord<String, String>> read(String topic, Predicate<List<ConsumerRecord<String, String>>> done,
      Duration timeout) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(client.clientProperties(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024), "test-bed-reader"),
        new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      do {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      } while (!done.test(out) && System.nanoTime() < deadline);
    }
    return out;
  }

  /** What is in a topic now (everything up to its current end). */
  List<ConsumerRecord<String, String>> readAll(String topic) throws Exception {
    long end = endOffsets(topic);
    return read(topic, l -> l.size() >= end, Duration.ofSeconds(30));
  }

  long endOffsets(String topic) throws Exception {
    try (Admin admin = admin()) {
      var parts = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
      Map<TopicPartition, OffsetSpec> req = new HashMap<>();
      parts.forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(r -> r.offset()).sum();
    }
  }

  /** Committed offsets of a group in a topic, by partition (absent: nothing committed). */
  Map<Integer, Long> committed(String group, String topic) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
      Map<Integer, Long> out = new HashMap<>();
      m.forEach((tp, om) -> {
        if (tp.topic().equals(topic) && om != null) {
          out.put(tp.partition(), om.offset());
        }
      });
      return out;
    }
  }

  Admin admin() {
    return Admin.create(client.clientProperties(Map.of(), "test-bed-admin"));
  }

  @Override
  public void close() {
    producer.close();
    if (broker != null) {
      broker.close();
    }
  }
}
