package io.slidestream.models.hem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rendezvous of a trainer and its workers in one JVM. Snapshots are a single "latest" slot
 * every worker reads (a worker that fell behind skips to the newest, as over Kafka); error maps
 * go through a blocking queue the trainer drains. Maps of another run or cycle, and a second map
 * from one worker for one cycle, are dropped. {@link #close} wakes every waiting side with a
 * {@link HemLinkException}. Thread-safe.
 */
public final class LocalLink implements TrainerLink, WorkerLink {

  private final String runId;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition snapshotArrived = lock.newCondition();
  private final BlockingQueue<ErrorMapDelivery> maps = new LinkedBlockingQueue<>();
  private ModelSnapshot latest;
  private volatile boolean closed;
  private long dropped;

  /** A link for run {@code runId}: snapshots and maps of other runs are ignored. */
  public LocalLink(String runId) {
    this.runId = Objects.requireNonNull(runId, "runId");
  }

  @Override
  public void publishSnapshot(ModelSnapshot snapshot) {
    checkOpen();
    if (!snapshot.runId().equals(runId)) {
      throw new IllegalArgumentException("snapshot of run " + snapshot.runId() + " on the link of run " + runId);
    }
    lock.lock();
    try {
      if (latest == null || snapshot.cycle() >= latest.cycle()) {
        latest = snapshot;
      }
      snapshotArrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ModelSnapshot awaitSnapshot(long cycle, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    lock.lock();
    try {
      while (latest == null || latest.cycle() < cycle) {
        checkOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new HemLinkException("no snapshot " + cycle + " of run " + runId + " within " + patience);
        }
        snapshotArrived.awaitNanos(left);
      }
      return latest;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void publishErrorMap(ErrorMapDelivery delivery) {
    checkOpen();
    maps.add(delivery);
  }

  @Override
  public List<ErrorMapDelivery> awaitErrorMaps(long cycle, int workers, Duration patience) throws InterruptedException {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    List<ErrorMapDelivery> arrived = new ArrayList<>();
    Set<Integer> from = new HashSet<>();
    while (arrived.size() < workers) {
      checkOpen();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      // Wake now and then to notice a close.
      ErrorMapDelivery d = maps.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
      if (d == null) {
        continue;
      }
      if (d.runId().equals(runId) && d.cycle() == cycle && from.add(d.worker())) {
        arrived.add(d);
      } else {
        synchronized (this) {
          dropped++;
        }
      }
    }
    if (arrived.isEmpty()) {
      throw new HemLinkException("no error map of cycle " + cycle + " of run " + runId + " within " + patience);
    }
    return arrived;
  }

  /** Maps dropped so far (other run, other cycle, or a repeat from one worker). */
  public synchronized long dropped() {
    return dropped;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      snapshotArrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new HemLinkException("the link of run " + runId + " is closed");
    }
  }
}
