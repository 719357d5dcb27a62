package io.slidestream.kafka.security;

import io.slidestream.kafka.topics.TopicCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least privilege of each kind of client, as the README's "Security" section lists it. The
 * topics are created by an administrator (or by the service only where it is granted CREATE), so
 * no role needs more than reading and writing its own topics. READ and WRITE imply DESCRIBE.
 */
public enum KafkaRole {
  /** {@code serve}: consumes jobs in its group, publishes every output. */
  SERVICE,
  /** {@code submit}: publishes jobs, follows their events, masks and dead letters (no group). */
  SUBMITTER,
  /** {@code train --distributed}: publishes snapshots and training events, reads error maps (no group). */
  HEM_TRAINER,
  /** {@code hem-worker}: reads snapshots, publishes error maps (no group). */
  HEM_WORKER,
  /**
   * {@code dashboard}: reads events, masks, dead letters, training and status (no group of its
   * own), and describes the jobs topic and the service's group for the lag; writes nothing.
   */
  DASHBOARD;

  /** The role by its command-line name ({@code service}, {@code hem-worker}, …). */
  public static KafkaRole named(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * What the role must be allowed.
   *
   * @param topics       the configured topic names
   * @param serviceGroup the service's consumer group ({@code slidestream.kafka.consumer.group-id})
   */
  public List<RolePermission> permissions(TopicCatalog topics, String serviceGroup) {
    List<RolePermission> p = new ArrayList<>();
    switch (this) {
      case SERVICE -> {
        p.add(topic(topics, "jobs", AclOperation.READ));
        p.add(new RolePermission(ResourceType.GROUP, serviceGroup, AclOperation.READ));
        for (String role : List.of("tiles", "masks", "events", "dead-letters", "status")) {
          p.add(topic(topics, role, AclOperation.WRITE));
        }
      }
      case SUBMITTER -> {
        p.add(topic(topics, "jobs", AclOperation.WRITE));
        for (String role : List.of("events", "masks", "dead-letters")) {
          p.add(topic(topics, role, AclOperation.READ));
        }
      }
      case HEM_TRAINER -> {
        p.add(topic(topics, "hem-snapshots", AclOperation.WRITE));
        p.add(topic(topics, "training", AclOperation.WRITE));
        p.add(topic(topics, "hem-error-maps", AclOperation.READ));
      }
      case HEM_WORKER -> {
        p.add(topic(topics, "hem-snapshots", AclOperation.READ));
        p.add(topic(topics, "hem-error-maps", AclOperation.WRITE));
      }
      case DASHBOARD -> {
        for (String role : List.of("events", "masks", "dead-letters", "training", "status")) {
          p.add(topic(topics, role, AclOperation.READ));
        }
        // The lag: the jobs topic's end offsets and the group's committed offsets.
        p.add(topic(topics, "jobs", AclOperation.DESCRIBE));
        p.add(new RolePermission(ResourceType.GROUP, serviceGroup, AclOperation.DESCRIBE));
      }
      default -> throw new AssertionError(this);
    }
    return p;
  }

  private static RolePermission topic(TopicCatalog topics, String role, AclOperation op) {
    return new RolePermission(ResourceType.TOPIC, topics.role(role).name(), op);
  }
}
