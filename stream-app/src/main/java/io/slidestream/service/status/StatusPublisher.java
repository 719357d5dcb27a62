package io.slidestream.service.status;

import io.slidestream.kafka.clients.RecordPublisher;
import io.slidestream.service.records.InstanceStatus;
import io.slidestream.service.records.RecordCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this instance's {@link InstanceStatus} to the status topic every
 * {@code slidestream.status.interval}, keyed by its instance id: RUNNING while it runs, STOPPING
 * from the start of a shutdown (it goes on beating while slides drain), and one STOPPED record
 * when it closes cleanly. An instance that dies without closing simply stops beating; readers then
 * call it gone once its heartbeat is some intervals old. A status record that cannot be published
 * is logged and skipped: it never stops the service.
 */
public final class StatusPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

  private final RecordPublisher publisher;
  private final String topic;
  private final StatusSettings settings;
  private final String groupId;
  private final int maxSlidesInFlight;
  /** The group membership and assignment of this instance's consumer. */
  private final Membership partitions;
  private final InFlightJobs jobs;
  private final Clock clock;
  private final Instant started;
  private final String version;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile InstanceStatus.State state = InstanceStatus.State.RUNNING;

  public StatusPublisher(RecordPublisher publisher, String topic, StatusSettings settings, String groupId,
      int maxSlidesInFlight, Membership partitions, InFlightJobs jobs, Clock clock) {
    this.publisher = publisher;
    this.topic = topic;
    this.settings = settings;
    this.groupId = groupId;
    this.maxSlidesInFlight = maxSlidesInFlight;
    this.partitions = partitions;
    this.jobs = jobs;
    this.clock = clock;
    this.started = clock.instant();
    String v = StatusPublisher.class.getPackage().getImplementationVersion();
    this.version = v == null ? "development" : v;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slidestream-status");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts beating: one record now, then one every interval. */
  public StatusPublisher start() {
    long ms = settings.interval().toMillis();
    timer.scheduleAtFixedRate(this::beat, 0, ms, TimeUnit.MILLISECONDS);
    LOG.info("status of instance {} to {} every {}", settings.instanceId(), topic, settings.interval());
    return this;
  }

  public String instanceId() {
    return settings.instanceId();
  }

  /** A shutdown began: no longer ready; says so at once, and keeps beating while slides drain. */
  public void stopping() {
    state = InstanceStatus.State.STOPPING;
    timer.execute(this::beat);
  }

  /** The status as it would be published now. */
  public InstanceStatus current() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    InstanceStatus.State s = state;
    boolean stopped = s == InstanceStatus.State.STOPPED;
    List<String> running = stopped ? List.of() : jobs.jobIds();
    return new InstanceStatus(settings.instanceId(), s, s == InstanceStatus.State.RUNNING && partitions.joined(),
        version, groupId, stopped ? List.of() : partitions.partitions(), stopped ? 0 : jobs.count(),
        maxSlidesInFlight, running, heap.getUsed(), heap.getMax(), started, clock.instant(),
        settings.interval().toMillis());
  }

  private void beat() {
    InstanceStatus status = current();
    publisher.publish(new ProducerRecord<>(topic, settings.instanceId(), RecordCodec.shared().toJson(status)))
        .whenComplete((done, error) -> {
          if (error != null) {
            if (failing.compareAndSet(false, true)) {
              LOG.warn("status of instance {} not published to {} (retrying every {}): {}", settings.instanceId(),
                  topic, settings.interval(), error.toString());
            }
          } else if (failing.compareAndSet(true, false)) {
            LOG.info("status of instance {} published to {} again", settings.instanceId(), topic);
          }
        });
  }

  /**
   * Stops beating and publishes the STOPPED record, waiting up to five seconds for the broker's
   * acknowledgement; call it before the producer closes.
   */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      state = InstanceStatus.State.STOPPED;
      InstanceStatus last = current();
      publisher.publish(new ProducerRecord<>(topic, settings.instanceId(), RecordCodec.shared().toJson(last)))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("the STOPPED status of instance {} was not published: {}", settings.instanceId(), e.toString());
    }
  }

  /** What the status record says of the consumer: whether it has joined its group, and the partitions it owns. */
  public interface Membership {
    boolean joined();

    /** The partition numbers of the jobs topic this instance owns, ascending. */
    List<Integer> partitions();
  }
}
