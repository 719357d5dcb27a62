package io.slidestream.kafka.topics;

import com.typesafe.config.Config;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The application's topics by role, as configured under {@code slidestream.topics}. Code refers
 * to roles; deployments choose the names. The service's graph uses {@code jobs}, {@code tiles},
 * {@code masks}, {@code events} and {@code dead-letters} ({@code ServiceTopics}); training uses
 * {@code training}, {@code hem-snapshots} and {@code hem-error-maps}
 * ({@code io.slidestream.hem.kafka.HemTopics}); each instance's status records go to {@code status}
 * ({@code io.slidestream.service.status}), which the dashboard reads with the service's outputs.
 * Every role is provisioned at start-up.
 */
public final class TopicCatalog {

  private final Map<String, TopicSpec> byRole;

  private TopicCatalog(Map<String, TopicSpec> byRole) {
    this.byRole = byRole;
  }

  public static TopicCatalog fromConfig(Config topics) {
    Map<String, TopicSpec> byRole = new LinkedHashMap<>();
    topics.root().keySet().stream().sorted()
        .forEach(role -> byRole.put(role, TopicSpec.fromConfig(topics.getConfig(role))));
    return new TopicCatalog(byRole);
  }

  public TopicSpec role(String role) {
    TopicSpec spec = byRole.get(role);
    if (spec == null) {
      throw new NoSuchElementException("no topic configured for role '" + role + "'; known: " + byRole.keySet());
    }
    return spec;
  }

  public Map<String, TopicSpec> byRole() {
    return Map.copyOf(byRole);
  }

  public Collection<TopicSpec> all() {
    return byRole.values();
  }
}
