package io.slidestream.kafka.clients;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Where the consumer graph's records go. Both ways complete only once the broker has acknowledged
 * the records, which is what lets an offset be committed after them.
 */
public interface RecordPublisher {

  /** Publishes one record; completes when it is acknowledged. */
  CompletionStage<Done> publish(ProducerRecord<String, String> record);

  /**
   * A sink for one job's records, in order; its value completes when every record that entered
   * it is acknowledged; it fails with the failure of the stream that feeds it, or with the
   * producer's error when a record cannot be published.
   */
  Sink<ProducerRecord<String, String>, CompletionStage<Done>> sink();
}
