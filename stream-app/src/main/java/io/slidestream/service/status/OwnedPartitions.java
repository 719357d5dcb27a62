package io.slidestream.service.status;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;

/**
 * The partitions of the jobs topic this instance owns, as the consumer's rebalances hand them out
 * (cooperative-sticky: each callback adds or removes only those that move). {@link #joined} turns
 * true at the first assignment, empty or not: the consumer is then a member of the group.
 */
public final class OwnedPartitions implements PartitionAssignmentHandler {

  private final Set<Integer> owned = new ConcurrentSkipListSet<>();
  private volatile boolean joined;

  @Override
  public void onAssign(Set<TopicPartition> assigned, RestrictedConsumer consumer) {
    assigned.forEach(tp -> owned.add(tp.partition()));
    joined = true;
  }

  @Override
  public void onRevoke(Set<TopicPartition> revoked, RestrictedConsumer consumer) {
    revoked.forEach(tp -> owned.remove(tp.partition()));
  }

  @Override
  public void onLost(Set<TopicPartition> lost, RestrictedConsumer consumer) {
    lost.forEach(tp -> owned.remove(tp.partition()));
  }

  @Override
  public void onStop(Set<TopicPartition> current, RestrictedConsumer consumer) {
    owned.clear();
    joined = false;
  }

  /** The partitions owned now, ascending. */
  public List<Integer> partitions() {
    return List.copyOf(owned);
  }

  public boolean joined() {
    return joined;
  }
}
