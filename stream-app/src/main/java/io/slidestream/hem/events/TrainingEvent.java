package io.slidestream.hem.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slidestream.models.hem.HemCycleReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The value of a {@code slidestream.training} record (schema {@code slidestream.training/1}),
 * keyed by run id: a run's start, each hard-example-mining cycle, its end or failure. Fields that
 * do not apply to a type, and numbers that are not defined (a loss before training started, a
 * Dice when no validation ran), are left out of the JSON rather than written as NaN.
 *
 * @param runId          the run ({@code train.name})
 * @param type           STARTED, CYCLE, FINISHED or FAILED
 * @param cycle          CYCLE: the cycle that ended; STARTED: the cycle the run starts (or resumes) at
 * @param slides         CYCLE: opaque ids of the slides whose error maps arrived ({@code region-<i>} or a hash)
 * @param k              CYCLE: patches sampled into the pool and trained on in the cycle
 * @param nextK          CYCLE: k of the next cycle after the idle-time adjustment
 * @param poolSize       CYCLE: patches in the pool at the end of the cycle
 * @param iteration      CYCLE, FINISHED: mini-batches trained so far
 * @param iterations     STARTED: mini-batches the run trains in all
 * @param trainerIdle    CYCLE: share of the cycle the trainer waited at the rendezvous, in [0, 1]
 * @param errorMapIdle   CYCLE: largest share of the cycle an error-map worker waited for a snapshot
 * @param loss           CYCLE: mean training loss of the cycle's mini-batches
 * @param validationDice CYCLE: overall validation Dice, when validation ran in the cycle;
 *                       FINISHED: the best validation Dice of the run
 * @param meanSlideError CYCLE: mean per-pixel error of each arriving map, in {@code slides} order
 * @param wallSeconds    CYCLE: the cycle's wall time
 * @param workers        STARTED: error-map workers the trainer waits for
 * @param distributed    STARTED: whether the workers run apart, over Kafka
 * @param message        a human-readable line (the error, for FAILED; the model file, for FINISHED)
 * @param timestamp      when it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingEvent(
    @JsonProperty(required = true) String runId,
    @JsonProperty(required = true) Type type,
    Long cycle,
    List<String> slides,
    Integer k,
    Integer nextK,
    Integer poolSize,
    Long iteration,
    Long iterations,
    Double trainerIdle,
    Double errorMapIdle,
    Double loss,
    Double validationDice,
    List<Double> meanSlideError,
    Double wallSeconds,
    Integer workers,
    Boolean distributed,
    String message,
    @JsonProperty(required = true) Instant timestamp) {

  /** The schema this record is written with. */
  public static final String SCHEMA = "slidestream.training/1";

  private static final Pattern OPAQUE = Pattern.compile("region-[0-9]+");

  public enum Type { STARTED, CYCLE, FINISHED, FAILED }

  public TrainingEvent {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    slides = slides == null ? null : List.copyOf(slides);
    meanSlideError = meanSlideError == null ? null : List.copyOf(meanSlideError);
  }

  public static TrainingEvent started(String runId, long cycle, long iterations, int workers, boolean distributed,
      boolean resumed, Instant at) {
    return new TrainingEvent(runId, Type.STARTED, cycle, null, null, null, null, null, iterations, null, null, null,
        null, null, null, workers, distributed, resumed ? "resumed at cycle " + cycle : "started", at);
  }

  public static TrainingEvent cycle(HemCycleReport r, Instant at) {
    return new TrainingEvent(r.runId(), Type.CYCLE, r.cycle(), r.slides().stream().map(TrainingEvent::opaque).toList(),
        r.k(), r.nextK(), r.poolSize(), r.iteration(), null, defined(r.trainerIdle()), defined(r.errorMapIdle()),
        defined(r.loss()), defined(r.validationDice()), r.meanSlideError().stream().map(TrainingEvent::defined).toList(),
        defined(r.wallSeconds()), null, null, null, at);
  }

  public static TrainingEvent finished(String runId, long iteration, double bestDice, String message, Instant at) {
    return new TrainingEvent(runId, Type.FINISHED, null, null, null, null, null, iteration, null, null, null, null,
        defined(bestDice), null, null, null, null, message, at);
  }

  public static TrainingEvent failed(String runId, String message, Instant at) {
    return new TrainingEvent(runId, Type.FAILED, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, message, at);
  }

  /**
   * A slide id fit to publish: {@code region-<i>} as it is, anything else (a local run's region id
   * names the slide file) as {@code slide-} and 16 hex digits of its SHA-256.
   */
  static String opaque(String regionId) {
    if (OPAQUE.matcher(regionId).matches()) {
      return regionId;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(regionId.getBytes(StandardCharsets.UTF_8));
      return "slide-" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Double defined(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
