package io.slidestream.dashboard;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.security.Secret;
import io.slidestream.kafka.topics.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code slidestream.dashboard}, with what it shares with the service: the topics, the service's
 * consumer group (for the lag) and the output store (for the thumbnails).
 *
 * @param host              the standalone server's interface
 * @param port              its port (0: a free one)
 * @param token             the bearer token a non-loopback server requires
 * @param window            how far back the topics are read at start-up
 * @param goneAfter         heartbeat intervals after which a silent instance is gone
 * @param refresh           how often the page gets a fresh view
 * @param lagInterval       how often the lag is read
 * @param recentSlides      finished slides listed at most
 * @param recentDeadLetters dead letters listed at most
 * @param topics            the topics read
 * @param groupId           the service's consumer group
 * @param outputStore       where the overview images are
 */
public record DashboardSettings(String host, int port, Optional<Secret> token, Duration window, int goneAfter,
    Duration refresh, Duration lagInterval, int recentSlides, int recentDeadLetters, DashboardTopics topics,
    String groupId, Path outputStore) {

  public DashboardSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("slidestream.dashboard.port must be 0-65535, got " + port);
    }
    for (Duration d : new Duration[] {window, refresh, lagInterval}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("slidestream.dashboard durations must be positive, got " + d);
      }
    }
    if (goneAfter < 1 || recentSlides < 1 || recentDeadLetters < 1) {
      throw new IllegalArgumentException("slidestream.dashboard.gone-after, recent-slides and recent-dead-letters"
          + " must be positive");
    }
  }

  /** From the whole configuration (the token read from its file or variable). */
  public static DashboardSettings fromConfig(Config config) {
    Config d = config.getConfig("slidestream.dashboard");
    return new DashboardSettings(d.getString("host").trim(), d.getInt("port"),
        Secret.read(d, "token", "slidestream.dashboard"), d.getDuration("window"), d.getInt("gone-after"),
        d.getDuration("refresh"), d.getDuration("lag-interval"), d.getInt("recent-slides"),
        d.getInt("recent-dead-letters"), DashboardTopics.of(TopicCatalog.fromConfig(config.getConfig("slidestream.topics"))),
        config.getString("slidestream.kafka.consumer.group-id"), SlidestreamConfig.path(config, "slidestream.outputs.store"));
  }

  public DashboardSettings withBind(String newHost, int newPort) {
    return new DashboardSettings(newHost, newPort, token, window, goneAfter, refresh, lagInterval, recentSlides,
        recentDeadLetters, topics, groupId, outputStore);
  }
}
