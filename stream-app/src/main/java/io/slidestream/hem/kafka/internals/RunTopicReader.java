package io.slidestream.hem.kafka.internals;

import io.slidestream.kafka.security.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one run's chunked messages of the given kinds from the partition its key maps to. No consumer
 * group: where to start is decided by looking back from the end of the partition
 * ({@link #startFrom}), since each side needs only the newest messages of its run.
 */
public final class RunTopicReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunTopicReader.class);
  private static final int FIRST_WINDOW = 64;

  /** A record of this run located by its offset, for the look back. */
  public record Located(ChunkHeaders headers, long offset) {}

  /** Decides from the run's records in [from, end) where to read from, or asks for a larger window. */
  @FunctionalInterface
  public interface StartRule {
    /**
     * The offset to start at, or empty to look further back ({@code atBeginning}: nothing lies
     * before {@code from}; empty then means from the beginning).
     */
    OptionalLong start(List<Located> window, long from, long end, boolean atBeginning);
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final TopicPartition partition;
  private final String run;
  private final Set<ChunkHeaders.Kind> kinds;
  private final Reassembler reassembler = new Reassembler(16);

  public RunTopicReader(KafkaConnection connection, String topic, String run, Set<ChunkHeaders.Kind> kinds,
      String clientId, Duration timeout) {
    this.run = run;
    this.kinds = Set.copyOf(kinds);
    this.consumer = new KafkaConsumer<>(connection.clientProperties(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024,
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()), clientId),
        new StringDeserializer(), new ByteArrayDeserializer());
    try {
      int partitions = consumer.partitionsFor(topic, timeout).size();
      this.partition = new TopicPartition(topic, partitionOf(run, partitions));
      consumer.assign(List.of(partition));
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
  }

  /** The partition a run's records go to: Kafka's own hash of the key, so a plain keyed producer agrees. */
  public static int partitionOf(String run, int partitions) {
    return Utils.toPositive(Utils.murmur2(run.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
  }

  public TopicPartition partition() {
    return partition;
  }

  public long dropped() {
    return reassembler.dropped();
  }

  /** Looks back from the end in growing windows until {@code rule} decides, and positions the reader there. */
  public long startFrom(StartRule rule) {
    long begin = consumer.beginningOffsets(Set.of(partition)).get(partition);
    long end = endOffset();
    long window = FIRST_WINDOW;
    while (true) {
      long from = Math.max(begin, end - window);
      List<Located> located = headers(from, end);
      OptionalLong start = rule.start(located, from, end, from == begin);
      if (start.isPresent() || from == begin) {
        long at = start.orElse(begin);
        consumer.seek(partition, at);
        LOG.debug("{} of run {}: reading {} from offset {} (end {})", kinds, run, partition, at, end);
        return at;
      }
      window *= 4;
    }
  }

  private List<Located> headers(long from, long end) {
    List<Located> out = new ArrayList<>();
    consumer.seek(partition, from);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (consumer.position(partition) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() >= end || !run.equals(ChunkHeaders.runOf(r.headers()))) {
          continue;
        }
        try {
          out.add(new Located(ChunkHeaders.parse(r.headers()), r.offset()));
        } catch (IllegalArgumentException e) {
          // Unreadable records are dropped, with their log line, when read for real.
        }
      }
    }
    return out;
  }

  /** The whole messages of this run and its kinds that the next records complete. */
  public List<Reassembler.Message> poll(Duration timeout) {
    List<Reassembler.Message> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      String recordRun = ChunkHeaders.runOf(r.headers());
      if (recordRun != null && !recordRun.equals(run)) {
        reassembler.foreign(recordRun, r.offset());
        continue;
      }
      reassembler.accept(r.headers(), r.value(), r.offset()).ifPresent(m -> {
        if (!kinds.contains(m.headers().kind())) {
          LOG.warn("dropped a {} of run {} at offset {} of {}, a topic of {}", m.headers().kind(), run,
              m.firstOffset(), partition, kinds);
        } else {
          out.add(m);
        }
      });
    }
    return out;
  }

  /** Whether everything in the partition up to now has been read. */
  public boolean caughtUp() {
    OptionalLong lag = consumer.currentLag(partition);
    if (lag.isPresent()) {
      return lag.getAsLong() == 0;
    }
    return consumer.position(partition) >= endOffset();
  }

  private long endOffset() {
    return consumer.endOffsets(Set.of(partition)).get(partition);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
