package io.slidestream.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.kafka.topics.TopicProvisioner;
import io.slidestream.kafka.topics.TopicSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's life cycle on disk: format once, reuse on restart, release everything on close. */
class EmbeddedKafkaBrokerTest {

  @TempDir Path dir;

  @Test
  void secondStartOnSameDirectoryKeepsClusterTopicsRecordsAndOffsets() throws Exception {
    Path data = dir.resolve("kafka");
    String clusterId;
    int firstPort;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.at(data))) {
      assertThat(broker.reusedData()).isFalse();
      assertThat(KraftStorage.isFormatted(data)).isTrue();
      clusterId = broker.clusterId();
      firstPort = broker.port();
      try (Admin admin = admin(broker)) {
        new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(List.of(TopicSpec.of("restart.check", 2)));
      }
      try (KafkaProducer<String, String> producer = producer(broker)) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("restart.check", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
        }
      }
      assertThat(consumeAll(broker, "first-group", 10)).hasSize(10);
    }
    assertThat(portIsFree(firstPort)).as("client port released after close").isTrue();
    assertThat(lockIsFree(data)).as("log directory lock released after close").isTrue();

    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(BrokerSettings.at(data))) {
      assertThat(again.reusedData()).isTrue();
      assertThat(again.clusterId()).isEqualTo(clusterId);
      try (Admin admin = admin(again)) {
        assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("restart.check");
        Map<TopicPartition, Long> committed = new java.util.HashMap<>();
        admin.listConsumerGroupOffsets("first-group").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
            .forEach((tp, om) -> committed.put(tp, om.offset()));
        assertThat(committed.values().stream().mapToLong(Long::longValue).sum())
            .as("offsets committed before the restart survive it").isEqualTo(10);
        long end = 0;
        for (int p = 0; p < 2; p++) {
          end += admin.listOffsets(Map.of(new TopicPartition("restart.check", p), OffsetSpec.latest()))
              .all().get(30, TimeUnit.SECONDS).values().iterator().next().offset();
        }
        assertThat(end).isEqualTo(10);
      }
      List<ConsumerRecord<String, String>> records = consumeAll(again, "second-group", 10);
      assertThat(records).extracting(ConsumerRecord::value)
          .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }
  }

  @Test
  void formattingAnAlreadyFormattedDirectoryIsRefused() {
    Path data = dir.resolve("kafka");
    String id = KraftStorage.format(data, 1, "CONTROLLER");
    assertThat(KraftStorage.clusterId(data)).contains(id);
    assertThatThrownBy(() -> KraftStorage.format(data, 1, "CONTROLLER"))
        .isInstanceOf(BrokerStartException.class)
        .hasMessageContaining("refusing to format")
        .hasMessageContaining(id);
    assertThat(KraftStorage.clusterId(data)).contains(id);
  }

  @Test
  void singleNodeSettingsAreAppliedAndOverridesWin() {
    BrokerSettings s = new BrokerSettings(dir, "127.0.0.1", 19092, 19093, 3, Map.of("log.retention.hours", "1"));
    var p = EmbeddedKafkaBroker.brokerProperties(s);
    assertThat(p).containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("offsets.topic.num.partitions", "3")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        .containsEntry("log.retention.hours", "1");
  }

  static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(), new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> consumeAll(EmbeddedKafkaBroker broker, String group, int n) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("restart.check"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.size() < n && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      consumer.commitSync();
    }
    return out;
  }

  private static boolean portIsFree(int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      return true;
    } catch (java.net.BindException e) {
      return false;
    }
  }

  private static boolean lockIsFree(Path data) throws IOException {
    if (!java.nio.file.Files.exists(data.resolve(".lock"))) {
      return true; // a clean shutdown removes the lock file
    }
    try (FileChannel ch = FileChannel.open(data.resolve(".lock"), StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      return lock != null;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return false;
    }
  }
}
