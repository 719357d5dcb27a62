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
   * order). Maps of other cycles or runs are dropped. Throws {@link HemLinkException} when none
   * arrived within {@code patience}.
   */
  List<ErrorMapDelivery> awaitErrorMaps(long cycle, int workers, Duration patience) throws InterruptedException;

  @Override
  default void close() {}
}
