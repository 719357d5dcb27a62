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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rendezvous of a trainer and its workers in one JVM. Snapshots are a single "latest" slot
 * every worker reads (a worker that fell behind skips to the newest, as over Kafka); error maps
 * go through a blocking queue the trainer drains. Maps of another run or of an earlier cycle, and a
 * second map from one worker for one cycle, are dropped; a map of a later cycle is kept for its
 * rendezvous (a fast worker may deliver map c + 1 while the trainer still waits for a slow one's
 * map c, since snapshot c + 1 is out by then). {@link #finish} ends every worker, waiting or yet
 * to ask, with a {@link RunFinishedException} (a later snapshot supersedes it); {@link #close}
 * wakes every waiting side with a plain {@link HemLinkException}, which is a failure. Thread-safe.
 */
public final class LocalLink implements TrainerLink, WorkerLink {

  private final String runId;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition snapshotArrived = lock.newCondition();
  private final BlockingQueue<ErrorMapDelivery> maps = new LinkedBlockingQueue<>();
  private ModelSnapshot latest;
  /** The cycle the run finished at; −1 while it runs. Guarded by {@code lock}. */
  private long finishedAt = -1;
  /** Maps of cycles after the one being awaited; only the trainer's thread touches it. */
  private final List<ErrorMapDelivery> early = new ArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

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
      finishedAt = -1;
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
      while (true) {
        if (finishedAt >= 0) {
          throw new RunFinishedException(runId, finishedAt);
        }
        if (latest != null && latest.cycle() >= cycle) {
          return latest;
        }
        checkOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new HemLinkException("no snapshot " + cycle + " of run " + runId + " within " + patience);
        }
        snapshotArrived.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void finish(String runId, long cycle) {
    checkOpen();
    if (!runId.equals(this.runId)) {
      throw new IllegalArgumentException("the end of run " + runId + " on the link of run " + this.runId);
    }
    lock.lock();
    try {
      finishedAt = cycle;
      snapshotArrived.signalAll();
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
    synchronized (early) {
      List<ErrorMapDelivery> kept = new ArrayList<>(early);
      early.clear();
      for (ErrorMapDelivery d : kept) {
        take(d, cycle, arrived, from);
      }
      while (arrived.size() < workers) {
        checkOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        // Wake now and then to notice a close.
        ErrorMapDelivery d = maps.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        if (d != null) {
          take(d, cycle, arrived, from);
        }
      }
    }
    if (arrived.isEmpty()) {
      throw new HemLinkException("no error map of cycle " + cycle + " of run " + runId + " within " + patience);
    }
    return arrived;
  }

  private void take(ErrorMapDelivery d, long cycle, List<ErrorMapDelivery> arrived, Set<Integer> from) {
    if (d.runId().equals(runId) && d.cycle() > cycle) {
      early.add(d);
    } else if (d.runId().equals(runId) && d.cycle() == cycle && from.add(d.worker())) {
      arrived.add(d);
    } else {
      dropped.incrementAndGet();
    }
  }

  /** Maps dropped so far (other run, earlier cycle, or a repeat from one worker). */
  public long dropped() {
    return dropped.get();
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
