package io.slidestream.service.kafka;

import io.slidestream.service.status.StatusPublisher;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;

/**
 * What the service's consumer holds, for health checks and metrics: whether it has joined its
 * group, which partitions it has, and, per partition, the jobs it has taken that are not yet handed
 * to the committer. Updated by the consumer's rebalance callbacks and by {@link JobFlow};
 * thread-safe.
 */
public final class ConsumerState implements PartitionAssignmentHandler, StatusPublisher.Membership {

  /** A job taken from a partition: its offset and when it was published (or taken, if the record has no time). */
  private record Taken(long offset, long timestampMillis) {}

  private final Set<TopicPartition> assignment = new HashSet<>();
  private final Map<TopicPartition, ArrayDeque<Taken>> uncommitted = new HashMap<>();
  private boolean joined;

  /** Whether the consumer has joined its group (an assignment, possibly empty, since it last lost one). */
  @Override
  public synchronized boolean joined() {
    return joined;
  }

  /** The partitions assigned to this consumer now. */
  public synchronized Set<TopicPartition> assignment() {
    return Set.copyOf(assignment);
  }

  @Override
  public synchronized List<Integer> partitions() {
    return assignment.stream().map(TopicPartition::partition).sorted().toList();
  }

  /**
   * Per assigned partition, the publication time (epoch ms) of the oldest job this consumer has
   * taken and not yet handed to the committer; partitions without such a job are absent.
   */
  public synchronized Map<TopicPartition, Long> oldestUncommitted() {
    Map<TopicPartition, Long> out = new HashMap<>();
    uncommitted.forEach((tp, q) -> {
      if (!q.isEmpty() && assignment.contains(tp)) {
        out.put(tp, q.peekFirst().timestampMillis());
      }
    });
    return out;
  }

  /** Jobs taken and not yet handed to the committer, over all partitions. */
  public synchronized int uncommittedCount() {
    return uncommitted.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /** The flow took a record. */
  synchronized void taken(ConsumerRecord<?, ?> r) {
    long ts = r.timestamp() >= 0 ? r.timestamp() : System.currentTimeMillis();
    uncommitted.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayDeque<>())
        .addLast(new Taken(r.offset(), ts));
  }

  /** The flow handed a record's offset to the committer: it and everything before it are done. */
  synchronized void handedOn(ConsumerRecord<?, ?> r) {
    ArrayDeque<Taken> q = uncommitted.get(new TopicPartition(r.topic(), r.partition()));
    while (q != null && !q.isEmpty() && q.peekFirst().offset() <= r.offset()) {
      q.removeFirst();
    }
  }

  @Override
  public synchronized void onAssign(Set<TopicPartition> assigned, RestrictedConsumer consumer) {
    joined = true;
    assignment.addAll(assigned);
  }

  @Override
  public synchronized void onRevoke(Set<TopicPartition> revoked, RestrictedConsumer consumer) {
    assignment.removeAll(revoked);
    revoked.forEach(uncommitted::remove);
  }

  @Override
  public synchronized void onLost(Set<TopicPartition> lost, RestrictedConsumer consumer) {
    // Lost without a revocation: the group has moved on without this consumer, which rejoins.
    joined = false;
    assignment.removeAll(lost);
    lost.forEach(uncommitted::remove);
  }

  @Override
  public synchronized void onStop(Set<TopicPartition> current, RestrictedConsumer consumer) {
    joined = false;
    assignment.clear();
  }
}
