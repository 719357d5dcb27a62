package io.slidestream.kafka.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicProvisionerTest {

  @TempDir static Path dir;
  static EmbeddedKafkaBroker broker;
  static Admin admin;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(BrokerSettings.at(dir.resolve("kafka")));
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    admin.close();
    broker.close();
  }

  @Test
  void createsTopicsWithPartitionsAndConfigsOnceOnly() throws Exception {
    TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
    TopicSpec big = TopicSpec.of("provision.big", 3).withConfig("max.message.bytes", "4194304");
    TopicSpec small = TopicSpec.of("provision.small", 1);

    assertThat(provisioner.ensure(List.of(big, small))).containsExactlyInAnyOrder("provision.big", "provision.small");
    assertThat(provisioner.ensure(List.of(big, small))).as("second run creates nothing").isEmpty();

    var description = admin.describeTopics(List.of("provision.big")).allTopicNames().get(30, TimeUnit.SECONDS);
    assertThat(description.get("provision.big").partitions()).hasSize(3);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "provision.big");
    Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    assertThat(config.get("max.message.bytes").value()).isEqualTo("4194304");
  }

  @Test
  void unknownTopicConfigIsATypedError() {
    TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
    TopicSpec bad = TopicSpec.of("provision.bad", 1).withConfig("no.such.setting", "1");
    assertThatThrownBy(() -> provisioner.ensure(List.of(bad)))
        .isInstanceOf(TopicProvisioningException.class)
        .hasMessageContaining("provision.bad");
  }

  @Test
  void invalidSpecsAreRejectedBeforeReachingKafka() {
    assertThatThrownBy(() -> TopicSpec.of("bad name with spaces", 1)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> TopicSpec.of("ok", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
  }
}
