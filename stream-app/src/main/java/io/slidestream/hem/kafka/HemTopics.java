package io.slidestream.hem.kafka;

import io.slidestream.kafka.topics.TopicCatalog;
import io.slidestream.kafka.topics.TopicSpec;
import java.util.List;
import java.util.Objects;

/**
 * The topics distributed hard example mining uses, taken from the catalogue by role: snapshots
 * (trainer to workers), error maps (workers to trainer) and training events (to dashboards).
 */
public record HemTopics(String snapshots, String errorMaps, String training) {

  public static final String SNAPSHOTS_ROLE = "hem-snapshots";
  public static final String ERROR_MAPS_ROLE = "hem-error-maps";
  public static final String TRAINING_ROLE = "training";

  public HemTopics {
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(errorMaps, "errorMaps");
    Objects.requireNonNull(training, "training");
  }

  public static HemTopics of(TopicCatalog catalog) {
    return new HemTopics(catalog.role(SNAPSHOTS_ROLE).name(), catalog.role(ERROR_MAPS_ROLE).name(),
        catalog.role(TRAINING_ROLE).name());
  }

  /** The specs to provision before a run starts (a trainer or worker may start before any service). */
  public static List<TopicSpec> specs(TopicCatalog catalog) {
    return List.of(catalog.role(SNAPSHOTS_ROLE), catalog.role(ERROR_MAPS_ROLE), catalog.role(TRAINING_ROLE));
  }
}
