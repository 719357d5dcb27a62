package io.slidestream.dashboard;

import io.slidestream.hem.events.TrainingEvent;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.InstanceStatus;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the dashboard knows, built from the records it reads: the instances of the group, the jobs
 * in flight, per-minute throughput, outcomes per interval, dead letters, the lag, recent finished
 * slides, the models in use and training runs. Records may arrive in any order across topics and
 * partitions (a restart reads the whole window back at once); each view is kept so that this does
 * not matter. It keeps job ids, opaque slide ids, reasons, messages, counts and times: never a
 * dead letter's original record, never an output's path. Thread-safe.
 */
public final class FleetState {

  /** Throughput buckets: one minute, over the last hour. */
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final int THROUGHPUT_MINUTES = 60;
  /** Outcome buckets over the window. */
  static final int OUTCOME_BUCKETS = 24;
  /** Masks remembered for their thumbnails and the models panel. */
  static final int MASKS_KEPT = 100_000;
  static final int CYCLES_KEPT = 2_000;
  static final int RUNS_SHOWN = 6;

  private final DashboardSettings settings;
  private final Clock clock;

  private final Map<String, InstanceStatus> instances = new HashMap<>();
  private final Map<String, JobProgress> inFlight = new HashMap<>();
  /** Tiles done and jobs finished by minute (epoch minute). */
  private final TreeMap<Long, long[]> perMinute = new TreeMap<>();
  /** Finished, failed, dead-lettered by outcome bucket (epoch ms / bucket length). */
  private final TreeMap<Long, long[]> outcomes = new TreeMap<>();
  private final Deque<DeadLetterView> deadLetters = new ArrayDeque<>();
  private final Map<String, Long> deadLettersByReason = new TreeMap<>();
  private final Map<String, MaskView> masks = new LinkedHashMap<>();
  private final Map<String, TrainingRun> runs = new HashMap<>();
  private final Map<String, Long> unreadable = new TreeMap<>();
  private final Map<String, Long> read = new TreeMap<>();
  private LagReport lag;

  public FleetState(DashboardSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  // ---- records in ------------------------------------------------------------------------------

  public synchronized void onStatus(String instanceId, InstanceStatus status) {
    count("status");
    if (status == null) {
      instances.remove(instanceId);
      return;
    }
    InstanceStatus known = instances.get(status.instanceId());
    if (known == null || !known.heartbeat().isAfter(status.heartbeat())) {
      instances.put(status.instanceId(), status);
    }
  }

  public synchronized void onEvent(JobEvent e) {
    count("events");
    long at = e.timestamp().toEpochMilli();
    switch (e.type()) {
      case ACCEPTED -> inFlight.put(e.jobId(), new JobProgress(e.jobId(), e.slideId(), at));
      case PROGRESS -> {
        JobProgress p = inFlight.computeIfAbsent(e.jobId(), id -> new JobProgress(id, e.slideId(), at));
        tiles(at, p.progress(e.tilesDone(), e.tilesTotal(), at));
      }
      case FINISHED -> {
        JobProgress p = inFlight.remove(e.jobId());
        if (p != null) {
          tiles(at, p.progress(e.tilesDone(), e.tilesTotal(), at));
        }
        minute(at)[1]++;
        outcome(at)[0]++;
      }
      case FAILED -> {
        inFlight.remove(e.jobId());
        outcome(at)[1]++;
      }
      default -> throw new AssertionError(e.type());
    }
  }

  public synchronized void onMask(MaskRecord m, Instant publishedAt) {
    count("masks");
    boolean overview = m.outputs().stream().map(OutputFile::kind).anyMatch("overview-png"::equals);
    masks.remove(m.jobId());
    masks.put(m.jobId(), new MaskView(m, publishedAt.toEpochMilli(), overview));
    if (masks.size() > MASKS_KEPT) {
      Iterator<String> oldest = masks.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  public synchronized void onDeadLetter(DeadLetter d) {
    count("dead-letters");
    long at = d.timestamp().toEpochMilli();
    // Only what an operator needs: never the original record, which holds the slide's path.
    deadLetters.add(new DeadLetterView(d.reason().name(), d.message(), d.jobId(), at));
    deadLettersByReason.merge(d.reason().name(), 1L, Long::sum);
    outcome(at)[2]++;
    while (deadLetters.size() > 10 * settings.recentDeadLetters()) {
      deadLetters.removeFirst();
    }
  }

  public synchronized void onTraining(TrainingEvent t) {
    count("training");
    runs.computeIfAbsent(t.runId(), TrainingRun::new).add(t);
  }

  public synchronized void onLag(LagReport report) {
    lag = report;
  }

  /** A record that could not be decoded: counted, shown, otherwise ignored. */
  public synchronized void onUnreadable(String topicRole) {
    unreadable.merge(topicRole, 1L, Long::sum);
  }

  private void count(String role) {
    read.merge(role, 1L, Long::sum);
  }

  private void tiles(long at, int delta) {
    if (delta > 0) {
      minute(at)[0] += delta;
    }
  }

  private long[] minute(long at) {
    return perMinute.computeIfAbsent(Math.floorDiv(at, MINUTE.toMillis()), k -> new long[2]);
  }

  private long[] outcome(long at) {
    return outcomes.computeIfAbsent(Math.floorDiv(at, outcomeBucketMs()), k -> new long[3]);
  }

  private long outcomeBucketMs() {
    return Math.max(MINUTE.toMillis(), settings.window().toMillis() / OUTCOME_BUCKETS);
  }

  // ---- queries ---------------------------------------------------------------------------------

  /** The opaque slide id of a job whose mask record lists an overview image, if the dashboard read one. */
  public synchronized Optional<String> overviewSlideId(String jobId) {
    MaskView m = masks.get(jobId);
    return m != null && m.overview ? Optional.of(m.mask.slideId()) : Optional.empty();
  }

  /** Whether an instance is listed (not gone) now, for tests and for the page. */
  public synchronized Optional<InstanceView> instance(String instanceId) {
    return fleet(clock.millis()).stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
  }

  /** Everything the page shows, as of now. */
  public synchronized Snapshot snapshot() {
    long now = clock.millis();
    trim(now);
    List<InstanceView> fleet = fleet(now);
    Map<String, String> jobOwner = new HashMap<>();
    Map<Integer, String> partitionOwner = new TreeMap<>();
    for (InstanceView i : fleet) {
      if (i.alive()) {
        i.jobsInFlight().forEach(j -> jobOwner.put(j, i.instanceId()));
        i.partitions().forEach(p -> partitionOwner.put(p, i.instanceId()));
      }
    }
    List<JobView> jobs = inFlight.values().stream()
        .sorted(Comparator.comparingLong((JobProgress p) -> p.acceptedAt))
        .map(p -> p.view(now, jobOwner.get(p.jobId)))
        .toList();

    long minuteMs = MINUTE.toMillis();
    long thisMinute = Math.floorDiv(now, minuteMs);
    long firstMinute = thisMinute - THROUGHPUT_MINUTES + 1;
    double[] tilesPerSecond = new double[THROUGHPUT_MINUTES];
    long[] jobsPerMinute = new long[THROUGHPUT_MINUTES];
    perMinute.subMap(firstMinute, true, thisMinute, true).forEach((m, v) -> {
      int i = (int) (m - firstMinute);
      // The current minute is not over: its rate is over the part of it that passed.
      double seconds = m == thisMinute ? Math.max(1, (now - m * minuteMs) / 1000.0) : 60.0;
      tilesPerSecond[i] = v[0] / seconds;
      jobsPerMinute[i] = v[1];
    });
    Throughput throughput = new Throughput(firstMinute * minuteMs, minuteMs, tilesPerSecond, jobsPerMinute);

    long bucketMs = outcomeBucketMs();
    long thisBucket = Math.floorDiv(now, bucketMs);
    long firstBucket = thisBucket - OUTCOME_BUCKETS + 1;
    long[] finished = new long[OUTCOME_BUCKETS];
    long[] failed = new long[OUTCOME_BUCKETS];
    long[] dead = new long[OUTCOME_BUCKETS];
    outcomes.subMap(firstBucket, true, thisBucket, true).forEach((b, v) -> {
      int i = (int) (b - firstBucket);
      finished[i] = v[0];
      failed[i] = v[1];
      dead[i] = v[2];
    });
    Outcomes outcomeView = new Outcomes(firstBucket * bucketMs, bucketMs, finished, failed, dead,
        sum(finished), sum(failed), sum(dead));

    List<DeadLetterView> recentDead = new ArrayList<>(deadLetters);
    recentDead.sort(Comparator.comparingLong(DeadLetterView::time).reversed());
    recentDead = recentDead.subList(0, Math.min(recentDead.size(), settings.recentDeadLetters()));

    List<PartitionLagView> lagRows = new ArrayList<>();
    long totalLag = 0;
    if (lag != null) {
      for (LagReport.PartitionLag p : lag.partitions()) {
        lagRows.add(new PartitionLagView(p.partition(), p.end(), p.committed(), p.lag(),
            partitionOwner.get(p.partition())));
        totalLag += p.lag();
      }
    }
    LagView lagView = new LagView(lagRows, totalLag, lag == null ? null : lag.groupState(),
        lag == null ? 0 : lag.members(), lag == null ? null : lag.at().toEpochMilli(), lag == null ? null : lag.error());

    List<MaskView> byTime = new ArrayList<>(masks.values());
    byTime.sort(Comparator.comparingLong((MaskView m) -> m.at).reversed());
    List<SlideView> slides = byTime.stream().limit(settings.recentSlides()).map(MaskView::view).toList();
    Map<String, ModelView> models = new LinkedHashMap<>();
    for (MaskView m : byTime) {
      models.merge(m.mask.modelId() + "@" + m.mask.modelVersion(),
          new ModelView(m.mask.modelId(), m.mask.modelVersion(), 1, m.at),
          (a, b) -> new ModelView(a.modelId(), a.modelVersion(), a.jobs() + 1, Math.max(a.lastUsed(), b.lastUsed())));
    }
    List<RunView> training = runs.values().stream()
        .sorted(Comparator.comparingLong((TrainingRun r) -> r.updated).reversed())
        .limit(RUNS_SHOWN).map(TrainingRun::view).toList();

    return new Snapshot(now, settings.window().toMillis(), settings.groupId(), settings.goneAfter(), fleet, jobs,
        throughput, outcomeView, new DeadLetters(deadLettersByReason, recentDead), lagView, slides,
        List.copyOf(models.values()), training, Map.copyOf(read), Map.copyOf(unreadable));
  }

  private List<InstanceView> fleet(long now) {
    long window = settings.window().toMillis();
    return instances.values().stream()
        .filter(s -> now - s.heartbeat().toEpochMilli() <= window)
        .map(s -> InstanceView.of(s, now, settings.goneAfter()))
        .sorted(Comparator.comparing(InstanceView::instanceId))
        .toList();
  }

  /** Forgets what fell out of the window. */
  private void trim(long now) {
    long window = settings.window().toMillis();
    perMinute.headMap(Math.floorDiv(now, MINUTE.toMillis()) - THROUGHPUT_MINUTES, false).clear();
    outcomes.headMap(Math.floorDiv(now - window, outcomeBucketMs()), false).clear();
    inFlight.values().removeIf(p -> now - p.lastAt > window);
    masks.values().removeIf(m -> now - m.at > window);
    deadLetters.removeIf(d -> now - d.time() > window);
    runs.values().removeIf(r -> now - r.updated > window);
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }

  // ---- what the page gets (JSON through Jackson; times are epoch milliseconds) -----------------

  /** The whole view. */
  public record Snapshot(long now, long windowMs, String groupId, int goneAfter, List<InstanceView> fleet,
      List<JobView> jobs, Throughput throughput, Outcomes outcomes, DeadLetters deadLetters, LagView lag,
      List<SlideView> slides, List<ModelView> models, List<RunView> training, Map<String, Long> recordsRead,
      Map<String, Long> unreadable) {}

  /**
   * An instance: {@code status} is {@code running}, {@code draining} (stopping), {@code stopped}
   * (its clean stop's record) or {@code gone} (no heartbeat for {@code goneAfter} intervals).
   */
  public record InstanceView(String instanceId, String status, boolean alive, boolean ready, long lastSeen,
      long lastSeenAgoMs, String version, List<Integer> partitions, int slidesInFlight, int maxSlidesInFlight,
      List<String> jobsInFlight, long heapUsedBytes, long heapMaxBytes, Long started, long intervalMs) {

    static InstanceView of(InstanceStatus s, long now, int goneAfter) {
      long age = Math.max(0, now - s.heartbeat().toEpochMilli());
      boolean stopped = s.state() == InstanceStatus.State.STOPPED;
      boolean gone = !stopped && age > goneAfter * s.intervalMs();
      boolean alive = !stopped && !gone;
      String status = stopped ? "stopped" : gone ? "gone"
          : s.state() == InstanceStatus.State.STOPPING ? "draining" : "running";
      return new InstanceView(s.instanceId(), status, alive, alive && s.ready(), s.heartbeat().toEpochMilli(), age,
          s.version(), alive ? s.partitions() : List.of(), alive ? s.slidesInFlight() : 0, s.maxSlidesInFlight(),
          alive ? s.jobsInFlight() : List.of(), s.heapUsedBytes(), s.heapMaxBytes(),
          s.started() == null ? null : s.started().toEpochMilli(), s.intervalMs());
    }
  }

  /** A job in flight; {@code stage} is accepted, running or writing (all tiles done, outputs not yet out). */
  public record JobView(String jobId, String slideId, String stage, int tilesDone, Integer tilesTotal, long started,
      long elapsedMs, Long etaMs, String instance) {}

  /** Per minute over the last hour, oldest first. */
  public record Throughput(long start, long bucketMs, double[] tilesPerSecond, long[] jobsPerMinute) {}

  /** Per bucket over the window, oldest first, with the window's totals. */
  public record Outcomes(long start, long bucketMs, long[] finished, long[] failed, long[] deadLettered,
      long totalFinished, long totalFailed, long totalDeadLettered) {}

  public record DeadLetters(Map<String, Long> byReason, List<DeadLetterView> recent) {}

  public record DeadLetterView(String reason, String message, String jobId, long time) {}

  public record LagView(List<PartitionLagView> partitions, long total, String groupState, int members, Long at,
      String error) {}

  public record PartitionLagView(int partition, long end, Long committed, long lag, String owner) {}

  /** A finished slide; {@code thumbnail} is the overview's URL relative to the page, null without one. */
  public record SlideView(String jobId, String slideId, long finished, int tileCount, Map<String, Double> areaFractions,
      String modelId, String modelVersion, Long queuedMs, long totalMs, Long readMs, Long inferenceMs,
      String thumbnail) {}

  public record ModelView(String modelId, String modelVersion, long jobs, long lastUsed) {}

  public record RunView(String runId, String state, long started, long updated, Long iterations, Long iteration,
      Integer k, Integer nextK, Integer poolSize, Double trainerIdle, Double errorMapIdle, Double bestDice,
      Boolean distributed, Integer workers, String message, List<CycleView> cycles) {}

  public record CycleView(long cycle, Long iteration, Double loss, Double dice, Integer k, Double trainerIdle,
      Double errorMapIdle) {}

  // ---- internal views --------------------------------------------------------------------------

  private static final class JobProgress {
    final String jobId;
    String slideId;
    final long acceptedAt;
    long lastAt;
    int done;
    Integer total;
    long rateFrom = -1;
    int rateFromDone;

    JobProgress(String jobId, String slideId, long acceptedAt) {
      this.jobId = jobId;
      this.slideId = slideId;
      this.acceptedAt = acceptedAt;
      this.lastAt = acceptedAt;
    }

    /** Takes a progress report; returns the tiles it adds. */
    int progress(int tilesDone, Integer tilesTotal, long at) {
      int delta = tilesDone - done;
      if (rateFrom < 0) {
        rateFrom = at;
        rateFromDone = tilesDone;
      }
      done = Math.max(done, tilesDone);
      total = tilesTotal != null ? tilesTotal : total;
      lastAt = Math.max(lastAt, at);
      return delta;
    }

    JobView view(long now, String instance) {
      String stage = rateFrom < 0 ? "accepted" : total != null && done >= total ? "writing" : "running";
      Long eta = null;
      if (total != null && done > rateFromDone && lastAt > rateFrom) {
        double perMs = (done - rateFromDone) / (double) (lastAt - rateFrom);
        eta = Math.max(0, Math.round((total - done) / perMs - (now - lastAt)));
      }
      return new JobView(jobId, slideId, stage, done, total, acceptedAt, Math.max(0, now - acceptedAt), eta, instance);
    }
  }

  private static final class MaskView {
    final MaskRecord mask;
    final long at;
    final boolean overview;

    MaskView(MaskRecord mask, long at, boolean overview) {
      this.mask = mask;
      this.at = at;
      this.overview = overview;
    }

    SlideView view() {
      double total = mask.areasUm2().values().stream().filter(v -> v != null && v > 0).mapToDouble(v -> v).sum();
      Map<String, Double> fractions = new LinkedHashMap<>();
      if (total > 0) {
        mask.areasUm2().forEach((k, v) -> fractions.put(k, v == null ? null : v / total));
      }
      var t = mask.timings();
      return new SlideView(mask.jobId(), mask.slideId(), at, mask.tileCount(), fractions, mask.modelId(),
          mask.modelVersion(), t.queuedMs(), t.totalMs(), t.readMs(), t.inferenceMs(),
          overview ? "thumbnails/" + mask.jobId() : null);
    }
  }

  private static final class TrainingRun {
    final String runId;
    final List<TrainingEvent> cycles = new ArrayList<>();
    TrainingEvent started;
    TrainingEvent last;
    long updated;

    TrainingRun(String runId) {
      this.runId = runId;
    }

    void add(TrainingEvent t) {
      long at = t.timestamp().toEpochMilli();
      switch (t.type()) {
        case STARTED -> started = started == null || t.timestamp().isAfter(started.timestamp()) ? t : started;
        case CYCLE -> {
          cycles.add(t);
          if (cycles.size() > CYCLES_KEPT) {
            cycles.remove(0);
          }
        }
        default -> { }
      }
      if (last == null || !t.timestamp().isBefore(last.timestamp())) {
        last = t;
      }
      updated = Math.max(updated, at);
    }

    RunView view() {
      List<TrainingEvent> sorted = new ArrayList<>(cycles);
      sorted.sort(Comparator.comparing(TrainingEvent::timestamp));
      // A resumed run repeats cycles: the latest report of each counts.
      Map<Long, TrainingEvent> byCycle = new TreeMap<>();
      sorted.forEach(c -> byCycle.put(c.cycle() == null ? -1 : c.cycle(), c));
      List<CycleView> points = byCycle.values().stream()
          .map(c -> new CycleView(c.cycle() == null ? -1 : c.cycle(), c.iteration(), c.loss(), c.validationDice(), c.k(),
              c.trainerIdle(), c.errorMapIdle()))
          .toList();
      TrainingEvent lastCycle = byCycle.isEmpty() ? null : byCycle.values().stream()
          .max(Comparator.comparing(TrainingEvent::timestamp)).orElseThrow();
      Double best = points.stream().map(CycleView::dice).filter(d -> d != null).max(Double::compare).orElse(null);
      if (last != null && last.type() == TrainingEvent.Type.FINISHED && last.validationDice() != null) {
        best = last.validationDice();
      }
      String state = last == null ? "unknown" : switch (last.type()) {
        case STARTED, CYCLE -> "running";
        case FINISHED -> "finished";
        case FAILED -> "failed";
      };
      long startedAt = started != null ? started.timestamp().toEpochMilli()
          : sorted.isEmpty() ? updated : sorted.get(0).timestamp().toEpochMilli();
      return new RunView(runId, state, startedAt, updated, started == null ? null : started.iterations(),
          lastCycle == null ? null : lastCycle.iteration(), lastCycle == null ? null : lastCycle.k(),
          lastCycle == null ? null : lastCycle.nextK(), lastCycle == null ? null : lastCycle.poolSize(),
          lastCycle == null ? null : lastCycle.trainerIdle(), lastCycle == null ? null : lastCycle.errorMapIdle(), best,
          started == null ? null : started.distributed(), started == null ? null : started.workers(),
          // A failure's message is the trainer's error, which may name a file: the trainer's log has it.
          last != null && last.type() == TrainingEvent.Type.FINISHED ? last.message() : null, points);
    }
  }
}
