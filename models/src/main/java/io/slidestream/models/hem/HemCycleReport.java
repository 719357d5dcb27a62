package io.slidestream.models.hem;

import java.util.List;
import java.util.Objects;

/**
 * What one cycle of hard example mining did, as the trainer saw it at the rendezvous that ended
 * it: published on the training topic, exposed as metrics and written to the cycle log.
 *
 * @param runId            the training run
 * @param cycle            the cycle that ended
 * @param slides           region ids of the slides whose error maps arrived at this rendezvous
 *                         (one per worker that answered)
 * @param k                patches sampled into the pool and trained on in this cycle
 * @param nextK            {@code k} of the next cycle, after the idle-time adjustment
 * @param poolSize         patches in the pool at the end of the cycle
 * @param iteration        mini-batches trained so far in the run
 * @param trainerIdle      share of the cycle's wall time the trainer spent waiting at the rendezvous
 * @param errorMapIdle     share of the cycle's wall time the error-map side spent waiting for a
 *                         snapshot (the largest over the workers that answered)
 * @param loss             mean training loss over the cycle's mini-batches (NaN when none ran)
 * @param validationDice   overall validation Dice if validation ran in this cycle, else NaN
 * @param meanSlideError   mean per-pixel error of each arriving error map, in {@code slides} order
 * @param wallSeconds      the cycle's wall time
 */
public record HemCycleReport(String runId, long cycle, List<String> slides, int k, int nextK, int poolSize,
    long iteration, double trainerIdle, double errorMapIdle, double loss, double validationDice,
    List<Double> meanSlideError, double wallSeconds) {

  public HemCycleReport {
    Objects.requireNonNull(runId, "runId");
    slides = List.copyOf(slides);
    meanSlideError = List.copyOf(meanSlideError);
  }
}
