package io.slidestream.service.kafka;

import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a service under test published, read back from the broker and decoded. */
final class Published {

  private final KafkaTestBed bed;
  private final ServiceTopics topics;
  private final RecordCodec codec = RecordCodec.shared();

  Published(KafkaTestBed bed, ServiceTopics topics) {
    this.bed = bed;
    this.topics = topics;
  }

  List<MaskRecord> masks() throws Exception {
    return bed.readAll(topics.masks()).stream().map(r -> codec.decode(r.value(), MaskRecord.class)).toList();
  }

  List<MaskRecord> masks(String jobId) throws Exception {
    return masks().stream().filter(m -> m.jobId().equals(jobId)).toList();
  }

  List<ConsumerRecord<String, String>> tileRecords() throws Exception {
    return bed.readAll(topics.tiles());
  }

  List<TileRecord> tiles(String jobId) throws Exception {
    return tileRecords().stream().map(r -> codec.decode(r.value(), TileRecord.class))
        .filter(t -> t.jobId().equals(jobId)).toList();
  }

  List<JobEvent> events(String jobId) throws Exception {
    return allEvents().stream().filter(e -> e.jobId().equals(jobId)).toList();
  }

  /** Every event, in each partition's order (a job's events share a partition). */
  List<JobEvent> allEvents() throws Exception {
    return bed.readAll(topics.events()).stream().map(r -> codec.decode(r.value(), JobEvent.class)).toList();
  }

  List<DeadLetter> deadLetters() throws Exception {
    return bed.readAll(topics.deadLetters()).stream().map(r -> codec.decode(r.value(), DeadLetter.class)).toList();
  }

  /** Dead letters whose original record contains {@code marker}. */
  List<DeadLetter> deadLetters(String marker) throws Exception {
    return deadLetters().stream().filter(d -> d.originalRecord() != null && d.originalRecord().contains(marker))
        .toList();
  }

  /** Waits until a mask record of every one of the jobs is out. */
  void awaitMasks(Duration timeout, String... jobIds) {
    awaitRecords(topics.masks(), timeout, records -> {
      List<String> seen = records.stream().map(r -> codec.decode(r.value(), MaskRecord.class).jobId()).toList();
      return seen.containsAll(List.of(jobIds));
    });
  }

  /** Waits until {@code done} holds for the records of a topic; fails with what was there if it never does. */
  List<ConsumerRecord<String, String>> awaitRecords(String topic, Duration timeout,
      Predicate<List<ConsumerRecord<String, String>>> done) {
    List<ConsumerRecord<String, String>> got = bed.read(topic, done, timeout);
    if (!done.test(got)) {
      throw new AssertionError("not seen on " + topic + " within " + timeout + "; there were " + got.size()
          + " records: " + got.stream().map(ConsumerRecord::value).toList());
    }
    return got;
  }
}
