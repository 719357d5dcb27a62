package io.slidestream.kafka.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

  @Test
  void theShippedConfigurationReads() {
    KafkaClientSettings s = KafkaClientSettings.fromConfig(SlidestreamConfig.load().getConfig("slidestream.kafka"));
    assertThat(s.groupId()).isEqualTo("slidestream");
    assertThat(s.groupInstanceId()).as("dynamic membership unless configured").isEmpty();
    assertThat(s.commitMaxBatch()).isEqualTo(1);
    assertThat(s.consumerProperties())
        .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "earliest");
    assertThat(s.producerProperties()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
  }

  @Test
  void theGuaranteesCannotBeConfiguredAway() {
    KafkaClientSettings s = KafkaClientSettings.fromConfig(ConfigFactory.parseString("""
        consumer { "kafka-clients" { "enable.auto.commit" = true, "partition.assignment.strategy" = "range",
                                     "fetch.min.bytes" = 10 } }
        producer { "kafka-clients" { "acks" = "1", "enable.idempotence" = false,
                                     "max.in.flight.requests.per.connection" = 20, "batch.size" = 1000 } }
        """).withFallback(SlidestreamConfig.load().getConfig("slidestream.kafka")));
    assertThat(s.consumerProperties()).containsEntry("enable.auto.commit", "false")
        .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
        .containsEntry("fetch.min.bytes", "10");
    assertThat(s.producerProperties()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5").containsEntry("batch.size", "1000");
  }

  @Test
  void staticMembershipIsAnOption() {
    KafkaClientSettings s = KafkaClientSettings.fromConfig(
        ConfigFactory.parseString("consumer.group-instance-id = \"pod-3\"")
            .withFallback(SlidestreamConfig.load().getConfig("slidestream.kafka")));
    assertThat(s.groupInstanceId()).contains("pod-3");
    assertThat(s.withGroupInstanceId(Optional.of("  ")).groupInstanceId()).isEmpty();
  }

  @Test
  void nonsenseIsRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> KafkaClientSettings.fromConfig(ConfigFactory.parseString(
            "consumer.auto-offset-reset = \"sometimes\"")
        .withFallback(SlidestreamConfig.load().getConfig("slidestream.kafka"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto-offset-reset");
  }
}
