package io.slidestream.hem.kafka;

import io.slidestream.hem.kafka.internals.ChunkHeaders.Kind;
import io.slidestream.hem.kafka.internals.ChunkPublisher;
import io.slidestream.hem.kafka.internals.Payloads;
import io.slidestream.hem.kafka.internals.Reassembler;
import io.slidestream.hem.kafka.internals.RunTopicReader;
import io.slidestream.hem.kafka.internals.RunTopicReader.Located;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.HemLinkException;
import io.slidestream.models.hem.ModelSnapshot;
import io.slidestream.models.hem.TrainerLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's side of the rendezvous over Kafka: snapshots out on the snapshots topic, error
 * maps in from the error-map topic, both keyed by run id.
 *
 * <p>Where it reads from: on the first {@link #awaitErrorMaps} it looks back from the end of the
 * run's partition to a map at least two cycles older than the one awaited (or the topic's
 * beginning), so that a restarted trainer finds the maps its workers delivered while it was down;
 * maps of cycles before the awaited one are dropped. Maps of later cycles (a fast worker's) are
 * kept until their cycle is awaited. Of one worker's maps for one cycle, the first counts.
 */
public final class KafkaTrainerLink implements TrainerLink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTrainerLink.class);

  private final String run;
  private final ChunkPublisher snapshots;
  private final RunTopicReader errorMaps;
  private final TreeMap<Long, Map<Integer, ErrorMapDelivery>> pending = new TreeMap<>();
  private boolean positioned;

  private KafkaTrainerLink(String run, ChunkPublisher snapshots, RunTopicReader errorMaps) {
    this.run = run;
    this.snapshots = snapshots;
    this.errorMaps = errorMaps;
  }

  /** Connects to the topics of {@code settings} for run {@code runId}. */
  public static KafkaTrainerLink open(HemLinkSettings settings, String runId) {
    ChunkPublisher publisher = new ChunkPublisher(settings.producer("slidestream-hem-trainer-" + runId),
        settings.topics().snapshots(), runId, settings.chunkBytes());
    try {
      RunTopicReader reader = new RunTopicReader(settings.connection(), settings.topics().errorMaps(), runId,
          Set.of(Kind.ERROR_MAP), "slidestream-hem-trainer-" + runId, Duration.ofSeconds(60));
      return new KafkaTrainerLink(runId, publisher, reader);
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
  }

  public String runId() {
    return run;
  }

  /** Records dropped so far on the error-map topic: torn, corrupt, foreign. */
  public long dropped() {
    return errorMaps.dropped();
  }

  @Override
  public void publishSnapshot(ModelSnapshot snapshot) throws InterruptedException {
    if (!snapshot.runId().equals(run)) {
      throw new IllegalArgumentException("a snapshot of run " + snapshot.runId() + " on the link of run " + run);
    }
    byte[] payload = Payloads.snapshot(snapshot);
    int records = snapshots.publish(run, Kind.SNAPSHOT, snapshot.cycle(), -1, payload);
    LOG.debug("published snapshot {} of run {}: {} bytes in {} records", snapshot.cycle(), run, payload.length,
        records);
  }

  /**
   * Puts a {@code RUN_END} record after the last snapshot, on the snapshots topic under the run's
   * key: workers reading it (or joining later) end. The record stays, so a worker started after
   * the run ended ends at once.
   */
  @Override
  public void finish(String runId, long cycle) throws InterruptedException {
    if (!runId.equals(run)) {
      throw new IllegalArgumentException("the end of run " + runId + " on the link of run " + run);
    }
    snapshots.publish(run, Kind.RUN_END, cycle, -1, Payloads.runEnd(run, cycle));
    LOG.info("run {} finished at cycle {}: told the workers", run, cycle);
  }

  @Override
  public List<ErrorMapDelivery> awaitErrorMaps(long cycle, int workers, Duration patience)
      throws InterruptedException {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be positive, got " + workers);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      if (!positioned) {
        errorMaps.startFrom((window, from, end, atBeginning) -> startFor(cycle, window, from));
        positioned = true;
      }
      pending.headMap(cycle).clear();
      while (true) {
        Map<Integer, ErrorMapDelivery> arrived = pending.getOrDefault(cycle, Map.of());
        long left = deadline - System.nanoTime();
        if (arrived.size() >= workers || (left <= 0 && !arrived.isEmpty())) {
          pending.remove(cycle);
          return new ArrayList<>(arrived.values());
        }
        if (left <= 0) {
          throw new HemLinkException("no error map of cycle " + cycle + " of run " + run + " arrived within "
              + patience);
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        for (Reassembler.Message m : errorMaps.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
          take(m, cycle);
        }
      }
    } catch (InterruptException e) {
      throw new InterruptedException("interrupted while awaiting error maps of cycle " + cycle);
    }
  }

  /** Back to a map two cycles older than the awaited one: anything of the awaited cycle lies after it. */
  private static OptionalLong startFor(long cycle, List<Located> window, long from) {
    boolean oldEnough = window.stream().anyMatch(l -> l.headers().cycle() + 2 <= cycle);
    return oldEnough ? OptionalLong.of(from) : OptionalLong.empty();
  }

  private void take(Reassembler.Message m, long awaited) {
    ErrorMapDelivery d;
    try {
      d = Payloads.delivery(m.payload());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropped an unreadable error map of run {} at offset {}: {}", run, m.firstOffset(), e.getMessage());
      return;
    }
    if (!d.runId().equals(run) || d.cycle() != m.headers().cycle() || d.worker() != m.headers().worker()) {
      LOG.warn("dropped an error map at offset {} whose headers (run {}, cycle {}, worker {}) disagree with its body"
          + " (run {}, cycle {}, worker {})", m.firstOffset(), m.headers().run(), m.headers().cycle(),
          m.headers().worker(), d.runId(), d.cycle(), d.worker());
      return;
    }
    if (d.cycle() < awaited) {
      LOG.info("dropped error map {} of worker {} (run {}): cycle {} is awaited", d.cycle(), d.worker(), run, awaited);
      return;
    }
    Map<Integer, ErrorMapDelivery> forCycle = pending.computeIfAbsent(d.cycle(), c -> new LinkedHashMap<>());
    if (forCycle.putIfAbsent(d.worker(), d) != null) {
      LOG.info("dropped a second error map {} of worker {} (run {}): the first counts", d.cycle(), d.worker(), run);
    }
  }

  @Override
  public void close() {
    try {
      errorMaps.close();
    } finally {
      snapshots.close();
    }
  }
}
