package io.slidestream.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.slidestream.kafka.topics.TopicCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlidestreamConfigTest {

  @AfterEach
  void clearProperties() {
    System.clearProperty("slidestream.kafka.bootstrap-servers");
    System.clearProperty("slidestream.embedded-broker.port");
    System.clearProperty(SlidestreamConfig.HOME_PROPERTY);
  }

  @Test
  void shippedDefaultsDescribeEveryTopicAndTheEmbeddedBroker() {
    Config c = SlidestreamConfig.load();
    assertThat(c.getString("slidestream.kafka.bootstrap-servers")).isEmpty();
    assertThat(TopicCatalog.fromConfig(c.getConfig("slidestream.topics")).byRole())
        .containsOnlyKeys("jobs", "tiles", "masks", "events", "dead-letters", "training", "hem-snapshots",
            "hem-error-maps", "status");
    assertThat(TopicCatalog.fromConfig(c.getConfig("slidestream.topics")).role("status").configs())
        .as("the latest status of each instance stays").containsEntry("cleanup.policy", "compact,delete");
    assertThat(c.getInt("slidestream.embedded-broker.port")).isZero();
    assertThat(c.getString("slidestream.embedded-broker.data-dir")).isEqualTo("work/kafka");
  }

  @Test
  void systemPropertiesOverrideTheFile() {
    System.setProperty("slidestream.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092");
    System.setProperty("slidestream.embedded-broker.port", "19092");
    Config c = SlidestreamConfig.load();
    assertThat(c.getString("slidestream.kafka.bootstrap-servers")).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(c.getInt("slidestream.embedded-broker.port")).isEqualTo(19092);
  }

  @Test
  void relativePathsResolveAgainstTheInstallationDirectory() {
    System.setProperty(SlidestreamConfig.HOME_PROPERTY, "/opt/slidestream");
    Config c = SlidestreamConfig.load();
    assertThat(SlidestreamConfig.path(c, "slidestream.embedded-broker.data-dir"))
        .isEqualTo(Path.of("/opt/slidestream/work/kafka"));
  }
}
