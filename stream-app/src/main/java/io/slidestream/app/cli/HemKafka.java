package io.slidestream.app.cli;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.hem.kafka.HemLinkSettings;
import io.slidestream.hem.kafka.HemTopics;
import io.slidestream.kafka.clients.ClientBootstrap;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.topics.TopicCatalog;
import io.slidestream.kafka.topics.TopicProvisioner;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * How the distributed trainer and the error-map workers join Kafka, as {@code submit} does: the
 * {@code --bootstrap} servers, else the configured ones, else the address file of a running
 * service's embedded broker. Either side may start first, so each creates the HEM topics if they
 * are missing.
 */
final class HemKafka {

  private HemKafka() {}

  static HemLinkSettings connect(String bootstrapOption) {
    Config config = SlidestreamConfig.load();
    String bootstrap = bootstrapOption != null && !bootstrapOption.isBlank() ? bootstrapOption.trim()
        : ClientBootstrap.resolve(config);
    KafkaConnection connection = new KafkaConnection(bootstrap, ClientBootstrap.security(config));
    ClientBootstrap.checkReachable(connection, Duration.ofSeconds(15));
    Duration timeout = config.getDuration("slidestream.kafka.admin-timeout");
    try (Admin admin = connection.admin("slidestream-hem-admin", timeout)) {
      new TopicProvisioner(admin, timeout).ensure(
          HemTopics.specs(TopicCatalog.fromConfig(config.getConfig("slidestream.topics"))));
    }
    return HemLinkSettings.fromConfig(config, connection);
  }
}
