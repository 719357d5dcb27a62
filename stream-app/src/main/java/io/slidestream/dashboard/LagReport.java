package io.slidestream.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * The service group's position in the jobs topic at one moment, as the admin client reads it.
 *
 * @param partitions one entry per partition of the jobs topic
 * @param groupState the group's state (STABLE, PREPARING_REBALANCE, EMPTY, …)
 * @param members    members of the group
 * @param at         when it was read
 * @param error      why it could not be read (then the lists are empty), else null
 */
public record LagReport(List<PartitionLag> partitions, String groupState, int members, Instant at, String error) {

  public LagReport {
    partitions = List.copyOf(partitions);
  }

  static LagReport failed(String error, Instant at) {
    return new LagReport(List.of(), null, 0, at, error);
  }

  /**
   * @param partition the partition
   * @param start     its earliest offset
   * @param end       its end offset (the next record's)
   * @param committed the group's committed offset, null when it has committed none
   */
  public record PartitionLag(int partition, long start, long end, Long committed) {

    /** Records not yet committed: from the committed offset, or from the start with none. */
    public long lag() {
      return Math.max(0, end - (committed == null ? start : committed));
    }
  }
}
