package io.slidestream.kafka.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Checks at start-up, with the brokers' own view of this principal (the authorized operations
 * that describing a topic or group returns), that a role may do all it needs: better one clear
 * line now than a consumer that waits forever or a publish that fails on the first job.
 */
public final class PermissionCheck {

  private final Admin admin;
  private final Duration timeout;

  public PermissionCheck(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * @param principal     the principal's name for the message ({@code User:service})
   * @param missingTopics whether a topic that does not exist yet passes (it is about to be created)
   * @throws MissingPermissionException naming the first permission the brokers do not grant
   */
  public void require(KafkaRole role, List<RolePermission> needed, String principal, boolean missingTopics) {
    Map<String, List<RolePermission>> topics = new LinkedHashMap<>();
    List<RolePermission> groups = new ArrayList<>();
    for (RolePermission p : needed) {
      if (p.type() == ResourceType.TOPIC) {
        topics.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
      } else {
        groups.add(p);
      }
    }
    Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics.keySet(),
        new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
    for (Map.Entry<String, List<RolePermission>> e : topics.entrySet()) {
      Set<AclOperation> granted;
      try {
        granted = await(described.get(e.getKey())).authorizedOperations();
      } catch (TopicAuthorizationException ex) {
        granted = Set.of();
      } catch (UnknownTopicOrPartitionException ex) {
        if (missingTopics) {
          continue;
        }
        // TopicProvisioner waits until what it creates is described, so this topic was not created.
        throw new IllegalStateException("topic " + e.getKey() + " does not exist and was not created");
      }
      check(role, e.getValue(), granted, principal);
    }
    for (RolePermission g : groups) {
      Set<AclOperation> granted;
      try {
        ConsumerGroupDescription d = await(admin.describeConsumerGroups(List.of(g.name()),
            new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).describedGroups().get(g.name()));
        granted = d.authorizedOperations();
      } catch (GroupAuthorizationException ex) {
        granted = Set.of();
      }
      check(role, List.of(g), granted, principal);
    }
  }

  private static void check(KafkaRole role, List<RolePermission> needed, Set<AclOperation> granted, String principal) {
    for (RolePermission p : needed) {
      // null: the broker has no authorizer and did not say; everything is allowed then.
      if (granted != null && !granted.contains(p.operation()) && !granted.contains(AclOperation.ALL)) {
        throw new MissingPermissionException(principal, p, role);
      }
    }
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the brokers did not say within " + timeout + " what this client may do", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking permissions", e);
    }
  }
}
