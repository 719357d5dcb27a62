package io.slidestream.models.hem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Quasi-online hard example mining as a training option: {@code train.hem { … }} in a training
 * file (see {@code conf/train/glas.conf}). Off by default; every key has a default.
 *
 * @param enabled          {@code enabled}: train with hard example mining (an error-map process
 *                         beside the training process) instead of uniform sampling
 * @param k0               {@code k0}: patches sampled into the pool, and trained on, in the first cycle
 * @param kMin             {@code k-min}: the least {@code k} the idle-time controller may choose
 * @param kMax             {@code k-max}: the most
 * @param kStep            {@code k-step}: {@code k} is multiplied by 1 + k-step when the trainer waited
 *                         longer than the error-map side, divided by it in the opposite case
 * @param kDeadband        {@code k-deadband}: a difference in idle time under this share of the
 *                         cycle's wall time leaves {@code k} as it is
 * @param nMin             {@code n-min}: training starts once the pool holds this many patches
 *                         (Burlutskiy's N_min, so mini-batches hold uncorrelated patches)
 * @param poolCapacity     {@code pool-capacity}: patches the pool keeps; the oldest leave first
 * @param floor            {@code floor}: share of an error map's sampling density spread over the
 *                         annotated pixels regardless of error, in [0, 1]; 1 = uniform sampling
 *                         through the same machinery (the comparison run)
 * @param cellSize         {@code cell-size}: side in working-resolution pixels of an error map's
 *                         cells (a multiple of the patch source's annotated-area cells)
 * @param slideTemperature {@code slide-temperature}: softmax temperature of slide-wise mining over
 *                         the slides' recent mean errors; small = greedy
 * @param slideFloor       {@code slide-floor}: share of slide choices made uniformly, in [0, 1],
 *                         so every slide is still visited
 * @param errorDecay       {@code error-decay}: weight of a slide's newest mean error in its moving
 *                         average, in (0, 1]
 * @param workers          {@code workers}: error-map workers serving the trainer (threads in local
 *                         mode); each computes one slide's map per cycle
 * @param patience         {@code patience}: how long the trainer waits at a rendezvous for all
 *                         workers' maps before going on with those that came (none: the run fails)
 */
public record HemConfig(boolean enabled, int k0, int kMin, int kMax, double kStep, double kDeadband, int nMin,
    int poolCapacity, double floor, int cellSize, double slideTemperature, double slideFloor, double errorDecay,
    int workers, @JsonIgnore Duration patience) {

  /** Hard example mining off; the other values are the defaults should it be turned on. */
  public static final HemConfig OFF = fromHem(defaults());

  public HemConfig {
    Objects.requireNonNull(patience, "patience");
    if (kMin < 1 || kMax < kMin || k0 < kMin || k0 > kMax) {
      throw new IllegalArgumentException("train.hem needs 1 <= k-min <= k0 <= k-max, got k-min " + kMin + ", k0 " + k0
          + ", k-max " + kMax);
    }
    if (!(kStep > 0) || Double.isInfinite(kStep)) {
      throw new IllegalArgumentException("train.hem.k-step must be positive, got " + kStep);
    }
    if (!(kDeadband >= 0 && kDeadband < 1)) {
      throw new IllegalArgumentException("train.hem.k-deadband must be in [0, 1), got " + kDeadband);
    }
    if (nMin < 1 || poolCapacity < nMin) {
      throw new IllegalArgumentException("train.hem needs 1 <= n-min <= pool-capacity, got n-min " + nMin
          + ", pool-capacity " + poolCapacity);
    }
    if (!(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("train.hem.floor must be in [0, 1], got " + floor);
    }
    if (cellSize < 1) {
      throw new IllegalArgumentException("train.hem.cell-size must be positive, got " + cellSize);
    }
    if (!(slideTemperature > 0) || Double.isInfinite(slideTemperature)) {
      throw new IllegalArgumentException("train.hem.slide-temperature must be positive, got " + slideTemperature);
    }
    if (!(slideFloor >= 0 && slideFloor <= 1)) {
      throw new IllegalArgumentException("train.hem.slide-floor must be in [0, 1], got " + slideFloor);
    }
    if (!(errorDecay > 0 && errorDecay <= 1)) {
      throw new IllegalArgumentException("train.hem.error-decay must be in (0, 1], got " + errorDecay);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("train.hem.workers must be at least 1, got " + workers);
    }
    if (patience.isNegative() || patience.isZero()) {
      throw new IllegalArgumentException("train.hem.patience must be positive, got " + patience);
    }
  }

  /**
   * Reads {@code hem} of the {@code train} section (absent: {@link #OFF}); missing keys take
   * their defaults. A key of the wrong type or a value out of range gives an
   * {@link IllegalArgumentException} that names it.
   */
  public static HemConfig fromConfig(Config trainSection) {
    if (!trainSection.hasPath("hem")) {
      return OFF;
    }
    try {
      return fromHem(trainSection.getConfig("hem").withFallback(defaults()));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("train.hem: " + e.getMessage(), e);
    }
  }

  private static HemConfig fromHem(Config c) {
    return new HemConfig(c.getBoolean("enabled"), c.getInt("k0"), c.getInt("k-min"), c.getInt("k-max"),
        c.getDouble("k-step"), c.getDouble("k-deadband"), c.getInt("n-min"), c.getInt("pool-capacity"),
        c.getDouble("floor"), c.getInt("cell-size"), c.getDouble("slide-temperature"), c.getDouble("slide-floor"),
        c.getDouble("error-decay"), c.getInt("workers"), c.getDuration("patience"));
  }

  /** The defaults, documented key by key in {@code conf/train/glas.conf}. */
  static Config defaults() {
    return ConfigFactory.parseString("""
        enabled = false
        k0 = 64
        k-min = 8
        k-max = 4096
        k-step = 0.25
        k-deadband = 0.05
        n-min = 256
        pool-capacity = 4096
        floor = 0.2
        cell-size = 64
        slide-temperature = 0.1
        slide-floor = 0.2
        error-decay = 0.5
        workers = 1
        patience = 10m
        """);
  }

  /** {@link #patience} in seconds, as the configuration's JSON form (in checkpoints and model files) shows it. */
  @JsonProperty("patienceSeconds")
  public double patienceSeconds() {
    return patience.toNanos() / 1e9;
  }

  /** The same configuration turned on or off. */
  public HemConfig withEnabled(boolean on) {
    return new HemConfig(on, k0, kMin, kMax, kStep, kDeadband, nMin, poolCapacity, floor, cellSize, slideTemperature,
        slideFloor, errorDecay, workers, patience);
  }
}
