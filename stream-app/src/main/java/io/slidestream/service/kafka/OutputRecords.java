package io.slidestream.service.kafka;

import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts the service's records on their topics: tiles, masks and events keyed by the opaque slide
 * id, so that all records of a slide stay in order on one partition of each topic; dead letters
 * and events of jobs that never got a slide id under the key their job record came with.
 */
public final class OutputRecords {

  private final ServiceTopics topics;
  private final RecordCodec codec;

  public OutputRecords(ServiceTopics topics, RecordCodec codec) {
    this.topics = topics;
    this.codec = codec;
  }

  /** A job's output on its topic, keyed by its slide id. */
  public ProducerRecord<String, String> of(JobOutput output) {
    String topic;
    if (output instanceof TileRecord) {
      topic = topics.tiles();
    } else if (output instanceof MaskRecord) {
      topic = topics.masks();
    } else if (output instanceof JobEvent) {
      topic = topics.events();
    } else {
      throw new IllegalArgumentException("no topic for " + output.getClass().getName());
    }
    return new ProducerRecord<>(topic, output.slideKey(), codec.toJson(output));
  }

  /** An event under an explicit key (a rejected job has no slide id to key it by). */
  public ProducerRecord<String, String> event(String key, JobEvent event) {
    return new ProducerRecord<>(topics.events(), key, codec.toJson(event));
  }

  public ProducerRecord<String, String> deadLetter(String key, DeadLetter letter) {
    return new ProducerRecord<>(topics.deadLetters(), key, codec.toJson(letter));
  }

  public ServiceTopics topics() {
    return topics;
  }
}
