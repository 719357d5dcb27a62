package io.slidestream.hem.kafka.internals;

import io.slidestream.models.hem.HemLinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a message as its chunks, keyed by run id, to the run's partition, and returns only
 * when the broker acknowledged every chunk (acks=all, idempotent: a retry never duplicates or
 * reorders a chunk).
 */
public final class ChunkPublisher implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final Chunker chunker;
  private final String topic;
  private final int partition;

  public ChunkPublisher(Map<String, Object> producerProperties, String topic, String run, int chunkBytes) {
    this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
    this.chunker = new Chunker(chunkBytes);
    this.topic = topic;
    try {
      this.partition = RunTopicReader.partitionOf(run, producer.partitionsFor(topic).size());
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /** Sends the chunks and waits for all acknowledgements; returns how many records it took. */
  public int publish(String run, ChunkHeaders.Kind kind, long cycle, int worker, byte[] message)
      throws InterruptedException {
    List<Chunker.Chunk> chunks = chunker.split(run, kind, cycle, worker, message);
    List<Future<RecordMetadata>> sent = new ArrayList<>(chunks.size());
    for (Chunker.Chunk c : chunks) {
      sent.add(producer.send(new ProducerRecord<>(topic, partition, run, c.value(), c.headers().toHeaders())));
    }
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(3, TimeUnit.MINUTES);
      }
    } catch (ExecutionException e) {
      throw new HemLinkException("could not publish " + kind + " of cycle " + cycle + " to " + topic + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new HemLinkException("the broker did not acknowledge " + kind + " of cycle " + cycle + " on " + topic
          + " within 3 minutes", e);
    }
    return chunks.size();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
