package io.slidestream.kafka.topics;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.internals.Topic;

/**
 * A topic as the application wants it: its name, partition count, replication and per-topic
 * configuration such as {@code max.message.bytes}.
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Topic.validate(name);
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be positive, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": replication factor must be positive, got " + replicationFactor);
    }
    configs = Map.copyOf(configs);
  }

  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, (short) 1, Map.of());
  }

  public TopicSpec withConfig(String key, String value) {
    Map<String, String> next = new TreeMap<>(configs);
    next.put(key, value);
    return new TopicSpec(name, partitions, replicationFactor, next);
  }

  /** Reads one entry of {@code slidestream.topics}: {@code name}, {@code partitions}, {@code replication-factor}, {@code configs}. */
  public static TopicSpec fromConfig(Config c) {
    Map<String, String> configs = new TreeMap<>();
    c.getConfig("configs").root().forEach((k, v) -> configs.put(k, String.valueOf(v.unwrapped())));
    return new TopicSpec(
        c.getString("name"), c.getInt("partitions"), (short) c.getInt("replication-factor"), configs);
  }
}
