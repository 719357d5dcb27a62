package io.slidestream.dashboard;

import io.slidestream.hem.events.TrainingEventCodec;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.InstanceStatus;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.RecordCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the events, masks, dead-letters, training and status topics into a {@link FleetState} on
 * a thread of its own, with one consumer that belongs to no group (it commits nothing and needs
 * no group ACL): every partition is assigned, the outputs from the start of the window (their
 * offset for that time), the compacted status topic from its beginning. Topics or partitions
 * that appear later (the dashboard started before the service created them) are picked up
 * within {@value #REASSIGN_EVERY_MS} ms. A record that does not decode is counted and skipped.
 */
final class TopicFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  static final long REASSIGN_EVERY_MS = 5_000;

  private final KafkaConsumer<String, String> consumer;
  private final DashboardTopics topics;
  private final Duration window;
  private final FleetState state;
  private final Clock clock;
  private final RecordCodec codec = RecordCodec.shared();
  private final TrainingEventCodec training = new TrainingEventCodec();
  private final Thread thread;
  private final Set<TopicPartition> assigned = new HashSet<>();
  /** Topics it could not read, said once each in the log. */
  private final Set<String> unreadableTopics = new HashSet<>();
  private volatile boolean running = true;

  TopicFollower(KafkaConnection connection, DashboardTopics topics, Duration window, FleetState state, Clock clock) {
    this.consumer = new KafkaConsumer<>(connection.clientProperties(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), "slidestream-dashboard"),
        new StringDeserializer(), new StringDeserializer());
    this.topics = topics;
    this.window = window;
    this.state = state;
    this.clock = clock;
    this.thread = new Thread(this::run, "slidestream-dashboard-reader");
    thread.setDaemon(true);
  }

  TopicFollower start() {
    thread.start();
    return this;
  }

  private void run() {
    long lastAssign = 0;
    try {
      while (running) {
        try {
          if (System.currentTimeMillis() - lastAssign >= REASSIGN_EVERY_MS) {
            lastAssign = System.currentTimeMillis();
            assign();
          }
          if (assigned.isEmpty()) {
            Thread.sleep(200);
            continue;
          }
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
            take(r);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          // The cluster away, a permission withdrawn: say so and go on trying; the page keeps what it has.
          LOG.warn("the dashboard could not read the topics (trying again): {}", e.toString());
          Thread.sleep(1000);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Assigns every partition of the topics read; new ones start at the window's start. */
  private void assign() {
    Set<TopicPartition> all = new HashSet<>();
    for (String topic : List.of(topics.events(), topics.masks(), topics.deadLetters(), topics.training(),
        topics.status())) {
      try {
        List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (parts != null) {
          parts.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
        }
      } catch (RuntimeException e) {
        if (e instanceof WakeupException w) {
          throw w;
        }
        if (unreadableTopics.add(topic)) {
          LOG.warn("the dashboard cannot read topic {} (its panels stay empty; the dashboard role needs READ on it):"
              + " {}", topic, e.toString());
        }
      }
    }
    Set<TopicPartition> added = new HashSet<>(all);
    added.removeAll(assigned);
    if (added.isEmpty()) {
      return;
    }
    Set<TopicPartition> next = new HashSet<>(assigned);
    next.addAll(added);
    consumer.assign(next);
    Map<TopicPartition, Long> since = new HashMap<>();
    long from = clock.millis() - window.toMillis();
    for (TopicPartition tp : added) {
      if (tp.topic().equals(topics.status())) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        since.put(tp, from);
      }
    }
    if (!since.isEmpty()) {
      Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since, Duration.ofSeconds(10));
      for (TopicPartition tp : since.keySet()) {
        OffsetAndTimestamp o = offsets.get(tp);
        if (o != null) {
          consumer.seek(tp, o.offset());
        } else {
          // Nothing as recent as the window's start: only what comes.
          consumer.seekToEnd(List.of(tp));
        }
      }
    }
    assigned.addAll(added);
    LOG.info("dashboard reading {} partitions from {}", added.size(), Instant.ofEpochMilli(from));
  }

  private void take(ConsumerRecord<String, String> r) {
    String topic = r.topic();
    String role = topic.equals(topics.events()) ? "events" : topic.equals(topics.masks()) ? "masks"
        : topic.equals(topics.deadLetters()) ? "dead-letters" : topic.equals(topics.training()) ? "training" : "status";
    try {
      switch (role) {
        case "events" -> state.onEvent(codec.decode(r.value(), JobEvent.class));
        case "masks" -> state.onMask(codec.decode(r.value(), MaskRecord.class), Instant.ofEpochMilli(r.timestamp()));
        case "dead-letters" -> state.onDeadLetter(codec.decode(r.value(), DeadLetter.class));
        case "training" -> state.onTraining(training.fromJson(r.value()));
        default -> state.onStatus(r.key(), r.value() == null ? null : codec.decode(r.value(), InstanceStatus.class));
      }
    } catch (RuntimeException e) {
      state.onUnreadable(role);
      LOG.debug("unreadable record {}-{}@{}", topic, r.partition(), r.offset(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
