package io.slidestream.service.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What one instance of the service says about itself every few seconds: the value of a
 * {@code slidestream.status} record, keyed by the instance id on a compacted topic, so that the
 * latest record of every instance is what a reader finds. It names no slide, no file and no
 * person: job ids and counts only.
 *
 * @param instanceId        the instance ({@code slidestream.status.instance-id}, else the static
 *                          group member id, else {@code <host>-<pid>})
 * @param state             RUNNING, STOPPING (draining after SIGTERM) or STOPPED (a clean stop's last record)
 * @param ready             whether it takes jobs: its consumer has joined the group and it is not stopping
 * @param version           the service's version ({@code development} when run from classes)
 * @param groupId           the consumer group it belongs to
 * @param partitions        the partitions of the jobs topic it owns, ascending
 * @param slidesInFlight    jobs it runs now (accepted and not yet finished or failed)
 * @param maxSlidesInFlight {@code slidestream.serve.slides-in-flight}
 * @param jobsInFlight      their job ids
 * @param heapUsedBytes     JVM heap in use
 * @param heapMaxBytes      JVM heap limit
 * @param started           when the instance started
 * @param heartbeat         when this record was written
 * @param intervalMs        how often it writes one ({@code slidestream.status.interval})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceStatus(
    @JsonProperty(required = true) String instanceId,
    @JsonProperty(required = true) State state,
    boolean ready,
    String version,
    String groupId,
    List<Integer> partitions,
    int slidesInFlight,
    int maxSlidesInFlight,
    List<String> jobsInFlight,
    long heapUsedBytes,
    long heapMaxBytes,
    Instant started,
    @JsonProperty(required = true) Instant heartbeat,
    @JsonProperty(required = true) long intervalMs) {

  /** An instance's life: RUNNING, then STOPPING while it drains, then STOPPED (a clean stop only). */
  public enum State { RUNNING, STOPPING, STOPPED }

  public InstanceStatus {
    Fields.requireText(instanceId, "instanceId");
    Fields.require(state, "state");
    Fields.require(heartbeat, "heartbeat");
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    jobsInFlight = jobsInFlight == null ? List.of() : List.copyOf(jobsInFlight);
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("intervalMs must be positive, got " + intervalMs);
    }
  }
}
