package io.slidestream.hem.kafka;

import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import io.slidestream.kafka.topics.TopicProvisioner;
import io.slidestream.kafka.topics.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A real embedded broker with the HEM topics of one test, named {@code <prefix>.<role>}. */
public final class HemBroker implements AutoCloseable {

  public final EmbeddedKafkaBroker broker;

  public HemBroker(Path dir) {
    broker = EmbeddedKafkaBroker.start(BrokerSettings.at(dir.resolve("kafka")));
  }

  public String bootstrap() {
    return broker.bootstrapServers();
  }

  /** Creates the three topics (as the shipped configuration describes them, one partition each). */
  public HemTopics topics(String prefix) {
    HemTopics t = new HemTopics(prefix + ".hem.snapshots", prefix + ".hem.error-maps", prefix + ".training");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(List.of(
          TopicSpec.of(t.snapshots(), 1).withConfig("max.message.bytes", "1048576"),
          TopicSpec.of(t.errorMaps(), 1).withConfig("max.message.bytes", "1048576"),
          TopicSpec.of(t.training(), 1)));
    }
    return t;
  }

  @Override
  public void close() {
    broker.close();
  }
}
