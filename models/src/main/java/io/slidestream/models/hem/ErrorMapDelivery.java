package io.slidestream.models.hem;

import java.util.Objects;

/**
 * An error map as one worker delivers it for one cycle.
 *
 * @param runId          the training run
 * @param cycle          the cycle the map was computed in (with snapshot {@code cycle})
 * @param worker         the worker's index (0 when there is one)
 * @param map            the map
 * @param idleSeconds    how long the worker waited for the snapshot before computing it
 * @param computeSeconds how long computing the map took
 */
public record ErrorMapDelivery(String runId, long cycle, int worker, ErrorMap map, double idleSeconds,
    double computeSeconds) {

  public ErrorMapDelivery {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(map, "map");
    if (cycle < 0 || worker < 0) {
      throw new IllegalArgumentException("cycle and worker must be non-negative, got " + cycle + ", " + worker);
    }
  }
}
