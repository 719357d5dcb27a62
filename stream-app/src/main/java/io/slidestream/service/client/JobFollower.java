package io.slidestream.service.client;

import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.MalformedRecordException;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one job through the service's output topics until it ends: its events, its mask record,
 * its dead letter. Open it BEFORE the job is published: it starts at the current end of every
 * partition, so it sees everything that follows and nothing older. It reads without a consumer
 * group (plain assignment), so it commits nothing and disturbs nobody.
 */
public final class JobFollower implements AutoCloseable {

  /** How a followed job ended. */
  public sealed interface Result {
    /** The mask record arrived. */
    record Finished(MaskRecord mask) implements Result {}

    /** A FAILED event or a dead letter arrived. */
    record Failed(String reason, String message) implements Result {}

    /** Neither arrived in time. */
    record TimedOut(Duration after, JobEvent lastEvent) implements Result {}
  }

  /** Told of every event of the followed job, in order, and then of how it ended. */
  @FunctionalInterface
  public interface Listener {
    void event(JobEvent event);

    default void ended(Result result) {}
  }

  private final KafkaConsumer<String, String> consumer;
  private final ServiceTopics topics;
  private final RecordCodec codec = RecordCodec.shared();

  private JobFollower(KafkaConsumer<String, String> consumer, ServiceTopics topics) {
    this.consumer = consumer;
    this.topics = topics;
  }

  /** As {@link #open(KafkaConnection, ServiceTopics)}, to brokers spoken to in plaintext. */
  public static JobFollower open(String bootstrapServers, ServiceTopics topics) {
    return open(KafkaConnection.plaintext(bootstrapServers), topics);
  }

  /** Positions at the end of the events, masks and dead-letters topics. */
  public static JobFollower open(KafkaConnection connection, ServiceTopics topics) {
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(connection.clientProperties(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
        "slidestream-follow-" + UUID.randomUUID()),
        new StringDeserializer(), new StringDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.events(), topics.masks(), topics.deadLetters())) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist: has the service ever started?");
        }
        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // Seeks are lazy: resolve them now, before the job is published.
      partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
      return new JobFollower(consumer, topics);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Reads until the job finishes or fails, or {@code timeout} passes without either. */
  public Result follow(String jobId, Duration timeout, Listener listener) {
    Result result = await(jobId, timeout, listener);
    listener.ended(result);
    return result;
  }

  private Result await(String jobId, Duration timeout, Listener listener) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobEvent last = null;
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        try {
          if (r.topic().equals(topics.events())) {
            JobEvent e = codec.decode(r.value(), JobEvent.class);
            if (e.jobId().equals(jobId)) {
              last = e;
              listener.event(e);
              if (e.type() == JobEvent.Type.FAILED) {
                return new Result.Failed(e.reason() == null ? "FAILED" : e.reason(), e.message());
              }
            }
          } else if (r.topic().equals(topics.masks())) {
            MaskRecord m = codec.decode(r.value(), MaskRecord.class);
            if (m.jobId().equals(jobId)) {
              return new Result.Finished(m);
            }
          } else {
            DeadLetter d = codec.decode(r.value(), DeadLetter.class);
            if (jobId.equals(d.jobId())) {
              return new Result.Failed(d.reason().name(), d.message());
            }
          }
        } catch (MalformedRecordException e) {
          // Someone else's record on a shared topic; not ours to judge.
        }
      }
    }
    return new Result.TimedOut(timeout, last);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
