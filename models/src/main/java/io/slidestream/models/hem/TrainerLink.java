package io.slidestream.models.hem;

import java.time.Duration;
import java.util.List;

/**
 * The training process's side of the rendezvous. In one JVM it is a pair of in-memory queues;
 * apart, a Kafka implementation (stream-app) that chunks snapshots and reads error maps by cycle.
 */
public interface TrainerLink extends AutoCloseable {

  /** Hands snapshot {@code snapshot.cycle()} to every worker. Returns once it is on its way for good. */
  void publishSnapshot(ModelSnapshot snapshot) throws InterruptedException;

  /**
   * Blocks until error maps of {@code cycle} have arrived from {@code workers} workers, or until
   * {@code patience} has passed with at least one; returns them (one per worker, in arrival
   * order; a worker's repeat for the same cycle is dropped). Maps of earlier cycles and of other
   * runs are dropped; a map of a later cycle is kept for its own rendezvous, because a fast worker
   * may deliver map c + 1 (snapshot c + 1 is already out) while the trainer still waits for a slow
   * worker's map c. Throws {@link HemLinkException} when none arrived within {@code patience}.
   */
  List<ErrorMapDelivery> awaitErrorMaps(long cycle, int workers, Duration patience) throws InterruptedException;

  /**
   * Tells every worker, present or yet to come, that run {@code runId} completed at {@code cycle}
   * (the number of its last snapshot): their next {@link WorkerLink#awaitSnapshot} throws
   * {@link RunFinishedException}. Called only when all iterations are done, never on a failure or
   * a kill, so that workers of an interrupted run keep waiting for its resumption. A later
   * snapshot of the same run (a resumption with more iterations) supersedes it. The default does
   * nothing, for links without workers to tell.
   */
  default void finish(String runId, long cycle) throws InterruptedException {}

  @Override
  default void close() {}
}
