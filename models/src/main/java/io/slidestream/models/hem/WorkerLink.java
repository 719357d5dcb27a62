package io.slidestream.models.hem;

import java.time.Duration;

/** An error-map worker's side of the rendezvous. */
public interface WorkerLink extends AutoCloseable {

  /**
   * Blocks until snapshot {@code cycle} (or a later one, if this worker fell behind) is there and
   * returns it; the worker then computes error map {@code snapshot.cycle()}. Throws
   * {@link RunFinishedException} once the trainer has {@linkplain TrainerLink#finish finished} the
   * run (at once for a worker that starts after that), and {@link HemLinkException} when no
   * snapshot came within {@code patience}.
   */
  ModelSnapshot awaitSnapshot(long cycle, Duration patience) throws InterruptedException;

  /** Hands an error map to the trainer. Returns once it is on its way for good. */
  void publishErrorMap(ErrorMapDelivery delivery) throws InterruptedException;

  @Override
  default void close() {}
}
