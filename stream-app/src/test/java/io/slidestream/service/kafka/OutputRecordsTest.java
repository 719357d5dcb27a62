package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.RecordCodec;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {

  final OutputRecords records = new OutputRecords(FakeJobs.TOPICS, RecordCodec.shared());

  @Test
  void eachOutputGoesToItsTopicKeyedBySlideId() {
    ProducerRecord<String, String> tile = records.of(FakeJobs.tile("j", 0, null));
    ProducerRecord<String, String> mask = records.of(FakeJobs.mask("j", 1));
    ProducerRecord<String, String> event = records.of(JobEvent.progress("j", FakeJobs.slideId("j"), 1, 2, Instant.EPOCH));
    assertThat(tile.topic()).isEqualTo("t.tiles");
    assertThat(mask.topic()).isEqualTo("t.masks");
    assertThat(event.topic()).isEqualTo("t.events");
    assertThat(java.util.List.of(tile, mask, event)).extracting(ProducerRecord::key).containsOnly(FakeJobs.slideId("j"));
    assertThat(tile.value()).startsWith("{\"schema\":\"slidestream.tile/1\"");
    assertThat(mask.value()).startsWith("{\"schema\":\"slidestream.mask/1\"");
  }

  @Test
  void deadLettersAndEventsOfRejectedJobsTakeTheKeyGiven() {
    DeadLetter d = new DeadLetter(RejectionReason.MALFORMED_RECORD, "bad", null, "x", "jobs", 0, 1L, Instant.EPOCH);
    ProducerRecord<String, String> r = records.deadLetter("orig", d);
    assertThat(r.topic()).isEqualTo("t.dead");
    assertThat(r.key()).isEqualTo("orig");
    assertThat(r.value()).startsWith("{\"schema\":\"slidestream.dead-letter/1\"");
    ProducerRecord<String, String> e = records.event("orig", JobEvent.failed("j", null, "X", "m", Instant.EPOCH));
    assertThat(e.topic()).isEqualTo("t.events");
    assertThat(e.key()).isEqualTo("orig");
  }
}
