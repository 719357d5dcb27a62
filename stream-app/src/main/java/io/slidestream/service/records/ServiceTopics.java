package io.slidestream.service.records;

import io.slidestream.kafka.topics.TopicCatalog;
import java.util.Objects;

/**
 * The names of the topics the consumer graph reads and writes, taken from the catalogue by role.
 */
public record ServiceTopics(String jobs, String tiles, String masks, String events, String deadLetters) {

  public ServiceTopics {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(tiles, "tiles");
    Objects.requireNonNull(masks, "masks");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }

  public static ServiceTopics of(TopicCatalog catalog) {
    return new ServiceTopics(catalog.role("jobs").name(), catalog.role("tiles").name(),
        catalog.role("masks").name(), catalog.role("events").name(), catalog.role("dead-letters").name());
  }
}
