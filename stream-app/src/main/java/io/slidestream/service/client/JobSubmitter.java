package io.slidestream.service.client;

import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.RecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes job records to the jobs topic, keyed by the slide's opaque id. */
public final class JobSubmitter implements AutoCloseable {

  private final KafkaProducer<String, String> producer;
  private final String topic;

  /** A submitter to brokers spoken to in plaintext (the embedded broker on loopback). */
  public JobSubmitter(String bootstrapServers, String jobsTopic) {
    this(KafkaConnection.plaintext(bootstrapServers), jobsTopic);
  }

  public JobSubmitter(KafkaConnection connection, String jobsTopic) {
    this.producer = new KafkaProducer<>(connection.clientProperties(Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), "slidestream-submit"),
        new StringSerializer(), new StringSerializer());
    this.topic = jobsTopic;
  }

  /**
   * The key a job for this slide goes under: the same opaque id the service gives the slide, so
   * that all jobs of a slide share a partition; the job id when the file cannot be seen from here
   * (the service then rejects it, with the reason).
   */
  public static String keyFor(JobRecord job) {
    try {
      Path p = Path.of(job.slideUri().startsWith("file:") ? java.net.URI.create(job.slideUri()).getPath()
          : job.slideUri());
      Path real = p.toRealPath();
      return JobValidator.slideId(real, Files.size(real));
    } catch (IOException | RuntimeException e) {
      return job.jobId();
    }
  }

  /** Publishes the job and waits until the broker has it. */
  public RecordMetadata submit(JobRecord job) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, keyFor(job), RecordCodec.shared().toJson(job));
    try {
      return producer.send(record).get(90, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish the job to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out publishing the job to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the job", e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
