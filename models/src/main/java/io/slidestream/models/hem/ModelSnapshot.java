package io.slidestream.models.hem;

import java.util.Objects;

/**
 * The trainer's weights as handed to the error-map workers at a rendezvous.
 *
 * @param runId       the training run; workers ignore snapshots of other runs
 * @param cycle       the cycle whose error maps these weights compute (snapshot 0: the initial weights)
 * @param weights     the network as {@code ModelSerializer} writes it, without updater state
 * @param slideErrors the trainer's recent error per training region (NaN: not yet mapped), which
 *                    the workers' slide choice reads, so that every worker chooses from one table
 */
public record ModelSnapshot(String runId, long cycle, byte[] weights, double[] slideErrors) {

  public ModelSnapshot {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(slideErrors, "slideErrors");
    if (cycle < 0) {
      throw new IllegalArgumentException("cycle must be non-negative, got " + cycle);
    }
  }
}
