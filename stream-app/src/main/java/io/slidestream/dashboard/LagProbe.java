package io.slidestream.dashboard;

import io.slidestream.kafka.security.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Reads the service group's lag on the jobs topic every {@code lag-interval} with the admin client
 * (describe the topic and the group, list the offsets: DESCRIBE on both, nothing more) into the
 * {@link FleetState}. A failure (an ACL missing, the cluster away) is shown on the page as the
 * lag's error and tried again at the next interval.
 */
final class LagProbe implements AutoCloseable {

  private final Admin admin;
  private final String topic;
  private final String group;
  private final FleetState state;
  private final Clock clock;
  private final Duration timeout;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "slidestream-dashboard-lag");
    t.setDaemon(true);
    return t;
  });

  LagProbe(KafkaConnection connection, String topic, String group, FleetState state, Clock clock, Duration interval) {
    this.timeout = Duration.ofSeconds(Math.max(5, Math.min(30, interval.toSeconds() * 2)));
    this.admin = connection.admin("slidestream-dashboard-admin", timeout);
    this.topic = topic;
    this.group = group;
    this.state = state;
    this.clock = clock;
    timer.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void probe() {
    try {
      state.onLag(read());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      state.onLag(LagReport.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage(), clock.instant()));
    }
  }

  LagReport read() throws Exception {
    long ms = timeout.toMillis();
    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(ms, TimeUnit.MILLISECONDS)
        .get(topic);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    description.partitions().forEach(p -> {
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
      earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
    });
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
        .get(ms, TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
        .get(ms, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(ms, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
      committed = Map.of();
    }
    String groupState = null;
    int members = 0;
    try {
      ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
          .get(ms, TimeUnit.MILLISECONDS);
      groupState = g.state() == null ? null : g.state().name();
      members = g.members().size();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
    List<LagReport.PartitionLag> rows = new ArrayList<>();
    for (TopicPartition tp : latest.keySet().stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
        .toList()) {
      OffsetAndMetadata c = committed.get(tp);
      rows.add(new LagReport.PartitionLag(tp.partition(), starts.get(tp).offset(), ends.get(tp).offset(),
          c == null ? null : c.offset()));
    }
    return new LagReport(rows, groupState, members, clock.instant(), null);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
