package io.slidestream.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.slidestream.service.kafka.ConsumerState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's lag per assigned partition: records (the partition's end offset less the group's
 * committed offset, sampled from the brokers every {@code slidestream.http.lag-interval}) and the
 * age of the oldest job this instance has taken and not yet committed. A partition appears only
 * while it is assigned to this instance, so instances of one group never report the same one; the
 * record lag of a partition is absent while the brokers cannot be asked.
 */
final class ConsumerMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerMetrics.class);

  private final ConsumerState state;
  private final String groupId;
  private final Clock clock;
  private final MultiGauge lag;
  private final MultiGauge oldestAge;
  private final AtomicReference<Map<TopicPartition, Long>> lastLag = new AtomicReference<>(Map.of());
  private final AtomicBoolean sampling = new AtomicBoolean();

  ConsumerMetrics(MeterRegistry registry, ConsumerState state, String groupId, Clock clock) {
    this.state = state;
    this.groupId = groupId;
    this.clock = clock;
    lag = MultiGauge.builder("slidestream.consumer.lag").baseUnit("records")
        .description("Records of an assigned partition of the jobs topic not yet committed by the group")
        .register(registry);
    oldestAge = MultiGauge.builder("slidestream.consumer.oldest.uncommitted.age").baseUnit("seconds")
        .description("Age (since publication) of the oldest job this instance has taken from an assigned partition"
            + " and not yet committed; 0 when there is none")
        .register(registry);
  }

  /**
   * Asks the brokers for the assigned partitions' end offsets and the group's committed offsets;
   * at most one sample runs at a time, and a failed one leaves no record lag until the next works.
   */
  void sample(Admin admin, Duration timeout) {
    if (!sampling.compareAndSet(false, true)) {
      return;
    }
    Set<TopicPartition> parts = state.assignment();
    if (parts.isEmpty()) {
      lastLag.set(Map.of());
      sampling.set(false);
      return;
    }
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    parts.forEach(tp -> {
      latest.put(tp, OffsetSpec.latest());
      earliest.put(tp, OffsetSpec.earliest());
    });
    var committedF = copy(admin.listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().timeoutMs(ms))
        .partitionsToOffsetAndMetadata());
    var endF = copy(admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(ms)).all());
    var startF = copy(admin.listOffsets(earliest, new ListOffsetsOptions().timeoutMs(ms)).all());
    CompletableFuture.allOf(committedF, endF, startF)
        .thenApply(all -> lag(parts, committedF.join(), endF.join(), startF.join()))
        .orTimeout(ms + 1000L, TimeUnit.MILLISECONDS)
        .whenComplete((sampled, error) -> {
          if (error != null) {
            LOG.debug("consumer lag not sampled: {}", error.toString());
            lastLag.set(Map.of());
          } else {
            lastLag.set(sampled);
          }
          sampling.set(false);
        });
  }

  /** A future of our own that a Kafka future completes (the admin client's refuse a timeout). */
  private static <T> CompletableFuture<T> copy(KafkaFuture<T> kafka) {
    CompletableFuture<T> f = new CompletableFuture<>();
    kafka.whenComplete((value, error) -> {
      if (error != null) {
        f.completeExceptionally(error);
      } else {
        f.complete(value);
      }
    });
    return f;
  }

  /** End offset less the committed one; where nothing is committed yet, less the earliest offset. */
  private static Map<TopicPartition, Long> lag(Set<TopicPartition> parts, Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts) {
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : parts) {
      ListOffsetsResult.ListOffsetsResultInfo end = ends.get(tp);
      if (end == null) {
        continue;
      }
      OffsetAndMetadata c = committed.get(tp);
      long from = c != null ? c.offset() : starts.get(tp) != null ? starts.get(tp).offset() : 0;
      out.put(tp, Math.max(0, end.offset() - from));
    }
    return out;
  }

  /** Brings the gauges' rows up to date with the assignment; called before each scrape. */
  void refresh() {
    Set<TopicPartition> parts = state.assignment();
    Map<TopicPartition, Long> sampled = lastLag.get();
    Map<TopicPartition, Long> oldest = state.oldestUncommitted();
    long now = clock.millis();
    List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
    List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
    for (TopicPartition tp : parts) {
      Tags tags = Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
      Long l = sampled.get(tp);
      if (l != null) {
        lagRows.add(MultiGauge.Row.of(tags, l));
      }
      Long ts = oldest.get(tp);
      ageRows.add(MultiGauge.Row.of(tags, ts == null ? 0.0 : Math.max(0, now - ts) / 1000.0));
    }
    lag.register(lagRows, true);
    oldestAge.register(ageRows, true);
  }
}
