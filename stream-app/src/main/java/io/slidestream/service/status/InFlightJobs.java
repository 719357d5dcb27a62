package io.slidestream.service.status;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs an instance runs now, by job id: added when a job is accepted, removed when its run
 * ends however it ends. Thread-safe; a job id running twice at once (a reused id racing on two
 * partitions) counts twice.
 */
public final class InFlightJobs {

  private final ConcurrentMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

  public void started(String jobId) {
    running.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet();
  }

  public void ended(String jobId) {
    running.computeIfPresent(jobId, (id, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  public int count() {
    return running.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The job ids, sorted. */
  public List<String> jobIds() {
    return running.keySet().stream().sorted().toList();
  }
}
