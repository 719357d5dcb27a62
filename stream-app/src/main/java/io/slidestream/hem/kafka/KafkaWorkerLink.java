package io.slidestream.hem.kafka;

import io.slidestream.hem.kafka.internals.ChunkHeaders;
import io.slidestream.hem.kafka.internals.ChunkHeaders.Kind;
import io.slidestream.hem.kafka.internals.ChunkPublisher;
import io.slidestream.hem.kafka.internals.Payloads;
import io.slidestream.hem.kafka.internals.Reassembler;
import io.slidestream.hem.kafka.internals.RunTopicReader;
import io.slidestream.hem.kafka.internals.RunTopicReader.Located;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.HemLinkException;
import io.slidestream.models.hem.ModelSnapshot;
import io.slidestream.models.hem.RunFinishedException;
import io.slidestream.models.hem.WorkerLink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An error-map worker's side of the rendezvous over Kafka.
 *
 * <p>A worker that starts late or restarts does not start at snapshot 0: it looks back from the
 * end of the run's partition and starts at the newest snapshot. The trainer publishes snapshot
 * c + 1 before it awaits maps c, so the newest snapshot is one ahead of the map awaited;
 * {@link io.slidestream.models.hem.ErrorMapWorker} labels its map {@code max(c, snapshot − 1)},
 * so this first map still answers the awaited rendezvous (a restarted worker unblocks a trainer
 * whose only worker died), computed with the freshest weights. From then on it answers with the
 * newest snapshot once it has read everything published so far, so a worker that fell behind
 * skips to the newest cycle; the snapshot returned stays the newest until a later one is read, so
 * the same snapshot answers a request for its own cycle at once.
 *
 * <p>The end of the run: a {@code RUN_END} record that {@link KafkaTrainerLink#finish} puts after
 * the last snapshot. Once read (and nothing after it), {@link #awaitSnapshot} throws
 * {@link RunFinishedException}; a worker joining after it starts at that record and ends at once.
 * A snapshot after it (a resumption with more iterations) supersedes it. A killed trainer writes
 * no end, so its workers keep waiting, within their patience, for it to resume.
 *
 * <p>Error maps leave with their region id made opaque ({@code region-<index>}): a region id
 * names a slide file, which must not leave the process.
 */
public final class KafkaWorkerLink implements WorkerLink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaWorkerLink.class);

  private final String run;
  private final int worker;
  private final RunTopicReader snapshots;
  private final ChunkPublisher errorMaps;
  private ModelSnapshot newest;
  /** The cycle of the run end read last, −1 when none (or a snapshot came after it). */
  private long endedAt = -1;
  private boolean positioned;

  private KafkaWorkerLink(String run, int worker, RunTopicReader snapshots, ChunkPublisher errorMaps) {
    this.run = run;
    this.worker = worker;
    this.snapshots = snapshots;
    this.errorMaps = errorMaps;
  }

  /** Connects worker {@code worker} of run {@code runId} to the topics of {@code settings}. */
  public static KafkaWorkerLink open(HemLinkSettings settings, String runId, int worker) {
    String client = "slidestream-hem-worker-" + runId + "-" + worker;
    ChunkPublisher publisher = new ChunkPublisher(settings.producer(client), settings.topics().errorMaps(), runId,
        settings.chunkBytes());
    try {
      RunTopicReader reader = new RunTopicReader(settings.connection(), settings.topics().snapshots(), runId,
          Set.of(Kind.SNAPSHOT, Kind.RUN_END), client, Duration.ofSeconds(60));
      return new KafkaWorkerLink(runId, worker, reader, publisher);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
  }

  public String runId() {
    return run;
  }

  public int worker() {
    return worker;
  }

  /** Records dropped so far on the snapshot topic: torn, corrupt, foreign. */
  public long dropped() {
    return snapshots.dropped();
  }

  @Override
  public ModelSnapshot awaitSnapshot(long cycle, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      if (!positioned) {
        snapshots.startFrom(KafkaWorkerLink::joinPoint);
        positioned = true;
      }
      while (true) {
        if (endedAt >= 0 && snapshots.caughtUp()) {
          throw new RunFinishedException(run, endedAt);
        }
        if (endedAt < 0 && newest != null && newest.cycle() >= cycle && snapshots.caughtUp()) {
          return newest;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new HemLinkException("no snapshot " + cycle + " of run " + run + " arrived within " + patience
              + (newest == null ? "" : " (the newest is " + newest.cycle() + ")"));
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        for (Reassembler.Message m : snapshots.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
          take(m);
        }
      }
    } catch (InterruptException e) {
      throw new InterruptedException("interrupted while awaiting snapshot " + cycle);
    }
  }

  /**
   * Where a joining worker starts: the first chunk of the newest whole snapshot after the last run
   * end in the window (of two messages of one cycle, the later); without one, the last run end;
   * without either, further back, or at the beginning of a message still being written.
   */
  static OptionalLong joinPoint(List<Located> window, long from, long end, boolean atBeginning) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Located> firsts = new HashMap<>();
    Map<Long, Located> wholeByCycle = new HashMap<>();
    Located lastEnd = null;
    long newestCycle = -1;
    for (Located l : window) {
      ChunkHeaders h = l.headers();
      if (h.chunk() == 0) {
        firsts.put(h.message(), l);
      }
      int count = seen.merge(h.message(), 1, Integer::sum);
      Located first = firsts.get(h.message());
      if (count == h.chunks() && first != null) {
        if (h.kind() == Kind.RUN_END) {
          // Snapshots before an end belong to the finished run, not to a resumption after it.
          lastEnd = first;
          wholeByCycle.clear();
          newestCycle = -1;
        } else {
          wholeByCycle.put(h.cycle(), first); // the later of two messages of one cycle wins
          newestCycle = Math.max(newestCycle, h.cycle());
        }
      }
    }
    if (newestCycle >= 0) {
      return OptionalLong.of(wholeByCycle.get(newestCycle).offset());
    }
    if (lastEnd != null) {
      return OptionalLong.of(lastEnd.offset());
    }
    if (!atBeginning) {
      return OptionalLong.empty();
    }
    // Nothing whole yet: read from the first beginning of a message still being written, if any.
    OptionalLong first = firsts.values().stream().mapToLong(Located::offset).min();
    return first.isPresent() ? first : OptionalLong.of(from);
  }

  /** Keeps the newest snapshot, or the run's end (which a later snapshot supersedes). */
  private void take(Reassembler.Message m) {
    if (m.headers().kind() == Kind.RUN_END) {
      takeEnd(m);
      return;
    }
    ModelSnapshot s;
    try {
      s = Payloads.snapshot(m.payload());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropped an unreadable snapshot of run {} at offset {}: {}", run, m.firstOffset(), e.getMessage());
      return;
    }
    if (!s.runId().equals(run) || s.cycle() != m.headers().cycle()) {
      LOG.warn("dropped a snapshot at offset {} whose headers (run {}, cycle {}) disagree with its body (run {},"
          + " cycle {})", m.firstOffset(), m.headers().run(), m.headers().cycle(), s.runId(), s.cycle());
      return;
    }
    if (endedAt >= 0) {
      LOG.info("worker {} of run {}: snapshot {} after the run's end at cycle {}: the run was resumed", worker, run,
          s.cycle(), endedAt);
      endedAt = -1;
    }
    // A later record of the same cycle (a restarted trainer's) replaces the earlier one.
    if (newest == null || s.cycle() >= newest.cycle()) {
      newest = s;
    } else {
      LOG.info("worker {} of run {}: skipped snapshot {}, older than snapshot {} already read", worker, run, s.cycle(),
          newest.cycle());
    }
  }

  private void takeEnd(Reassembler.Message m) {
    Payloads.RunEnd e;
    try {
      e = Payloads.runEnd(m.payload());
    } catch (IllegalArgumentException x) {
      LOG.warn("dropped an unreadable run end of run {} at offset {}: {}", run, m.firstOffset(), x.getMessage());
      return;
    }
    if (!e.runId().equals(run) || e.cycle() != m.headers().cycle()) {
      LOG.warn("dropped a run end at offset {} whose headers (run {}, cycle {}) disagree with its body (run {},"
          + " cycle {})", m.firstOffset(), m.headers().run(), m.headers().cycle(), e.runId(), e.cycle());
      return;
    }
    endedAt = e.cycle();
    newest = null;
  }

  @Override
  public void publishErrorMap(ErrorMapDelivery delivery) throws InterruptedException {
    if (!delivery.runId().equals(run)) {
      throw new IllegalArgumentException("an error map of run " + delivery.runId() + " on the link of run " + run);
    }
    ErrorMapDelivery opaque = new ErrorMapDelivery(delivery.runId(), delivery.cycle(), delivery.worker(),
        Payloads.withOpaqueRegionId(delivery.map()), delivery.idleSeconds(), delivery.computeSeconds());
    try {
      errorMaps.publish(run, Kind.ERROR_MAP, delivery.cycle(), delivery.worker(), Payloads.delivery(opaque));
    } catch (InterruptException e) {
      throw new InterruptedException("interrupted while publishing error map " + delivery.cycle());
    }
  }

  @Override
  public void close() {
    try {
      snapshots.close();
    } finally {
      errorMaps.close();
    }
  }
}
