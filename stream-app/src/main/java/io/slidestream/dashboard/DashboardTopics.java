package io.slidestream.dashboard;

import io.slidestream.kafka.topics.TopicCatalog;

/**
 * The topics the dashboard reads, by name: the service's outputs, training and status, and the
 * jobs topic, of which it reads only the offsets (for the lag), never a record.
 */
public record DashboardTopics(String jobs, String events, String masks, String deadLetters, String training,
    String status) {

  public static DashboardTopics of(TopicCatalog catalog) {
    return new DashboardTopics(catalog.role("jobs").name(), catalog.role("events").name(),
        catalog.role("masks").name(), catalog.role("dead-letters").name(), catalog.role("training").name(),
        catalog.role("status").name());
  }
}
