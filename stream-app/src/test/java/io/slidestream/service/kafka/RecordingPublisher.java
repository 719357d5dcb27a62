package io.slidestream.service.kafka;

import io.slidestream.kafka.clients.PublishFailedException;
import io.slidestream.kafka.clients.RecordPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;

/** Keeps what is published, in order; can be told to fail every publication, like a lost broker. */
final class RecordingPublisher implements RecordPublisher {

  private final List<ProducerRecord<String, String>> records = new ArrayList<>();
  private volatile boolean broken;

  void breakDown() {
    broken = true;
  }

  synchronized List<ProducerRecord<String, String>> records() {
    return List.copyOf(records);
  }

  synchronized List<ProducerRecord<String, String>> on(String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  private synchronized void add(ProducerRecord<String, String> r) {
    if (broken) {
      throw new IllegalStateException("broker unreachable");
    }
    records.add(r);
  }

  @Override
  public CompletionStage<Done> publish(ProducerRecord<String, String> record) {
    try {
      add(record);
      return CompletableFuture.completedFuture(Done.getInstance());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new PublishFailedException("cannot publish", e));
    }
  }

  @Override
  public Sink<ProducerRecord<String, String>, CompletionStage<Done>> sink() {
    return Sink.foreach(this::add);
  }
}
