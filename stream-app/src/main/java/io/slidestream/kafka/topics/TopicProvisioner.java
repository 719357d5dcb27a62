package io.slidestream.kafka.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the application's topics with explicit partitions and configs. Idempotent: a topic that
 * already exists is left as it is (its data is never touched), but a partition count lower than
 * wanted is reported, because keyed ordering would change if it were silently increased.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Creates what is missing; returns the names created by this call. */
  public List<String> ensure(Collection<TopicSpec> specs) {
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<NewTopic> missing = new ArrayList<>();
    for (TopicSpec spec : specs) {
      if (existing.contains(spec.name())) {
        checkPartitions(spec);
      } else {
        missing.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()));
      }
    }
    List<String> created = new ArrayList<>();
    admin.createTopics(missing).values().forEach((name, future) -> {
      try {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(name);
      } catch (ExecutionException e) {
        // Another instance of the service created it between our list and create: fine.
        if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
          throw timedOut("creating topic " + name, e.getCause());
        }
        if (e.getCause() instanceof TopicAuthorizationException) {
          // With ACLs an administrator creates the topics; whether this client may use the ones
          // it needs is checked by name afterwards (PermissionCheck), with a clearer message.
          LOG.warn("topic {} is missing or not visible to this client, which may not create it: {}", name,
              e.getCause().getMessage());
        } else if (!(e.getCause() instanceof TopicExistsException)) {
          throw new TopicProvisioningException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException("interrupted while creating topic " + name, e);
      } catch (TimeoutException e) {
        throw timedOut("creating topic " + name, e);
      }
    });
    if (!created.isEmpty()) {
      LOG.info("created topics {}", created);
      awaitDescribable(created);
    }
    return created;
  }

  /**
   * Waits until every created topic can be described: a creation is acknowledged by the
   * controller before its metadata has reached the broker that answers, and what comes next
   * (the permission check, the consumer's subscription) must see the topics.
   */
  private void awaitDescribable(List<String> names) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> waiting = new ArrayList<>(names);
    while (true) {
      admin.describeTopics(List.copyOf(waiting)).topicNameValues().forEach((name, future) -> {
        try {
          future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          waiting.remove(name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new TopicProvisioningException("cannot describe topic " + name + ": " + e.getCause().getMessage(),
                e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TopicProvisioningException("interrupted while describing topic " + name, e);
        } catch (TimeoutException e) {
          throw timedOut("describing topic " + name, e);
        }
      });
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw timedOut("waiting for created topics " + waiting + " to appear in the metadata",
            new TimeoutException());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException("interrupted while waiting for topics " + waiting, e);
      }
    }
  }

  private void checkPartitions(TopicSpec spec) {
    Map<String, TopicDescription> d = await(admin.describeTopics(List.of(spec.name())).allTopicNames(), "describe " + spec.name());
    int actual = d.get(spec.name()).partitions().size();
    if (actual < spec.partitions()) {
      LOG.warn("topic {} exists with {} partitions, fewer than the configured {}; left unchanged",
          spec.name(), actual, spec.partitions());
    }
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw timedOut(what, e.getCause());
      }
      throw new TopicProvisioningException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted: " + what, e);
    } catch (TimeoutException e) {
      throw timedOut(what, e);
    }
  }

  // Whether our own wait or the admin client's request timeout ran out first is a race; either
  // way the broker did not answer, and the message says so the same way.
  private TopicProvisioningException timedOut(String what, Throwable cause) {
    return new TopicProvisioningException("timed out after " + timeout + ": " + what
        + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
  }
}
