package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.ServiceTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown while a slide is in flight: the service stops taking jobs, lets the slide finish (or,
 * past the drain timeout, abandons it) and commits exactly the jobs that finished. A job not
 * finished is never marked done: its offset stays uncommitted and it runs after the restart.
 */
class GracefulShutdownTest {

  @TempDir static Path dir;
  static KafkaTestBed bed;
  static Path work;
  static JobRecord small;
  static JobRecord slow;
  static JobRecord last;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
    work = dir.resolve("work");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    Path slides = work.resolve("slides");
    small = JobRecord.of("small", TestSlides.synthetic(slides, "small", 512, 512, 1).toString(), "tiny");
    slow = JobRecord.of("slow", TestSlides.synthetic(slides, "slow", 2048, 2048, 2).toString(), "tiny");
    last = JobRecord.of("last", TestSlides.synthetic(slides, "last", 512, 512, 3).toString(), "tiny");
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  /** Sends the three jobs to partition 0 of the jobs topic, in order. */
  static void sendJobs(ServiceTopics topics) throws Exception {
    for (JobRecord j : List.of(small, slow, last)) {
      bed.send(topics.jobs(), 0, "k", j);
    }
  }

  static long committed(String group, ServiceTopics topics) throws Exception {
    return bed.committed(group, topics.jobs()).getOrDefault(0, 0L);
  }

  static boolean has(List<JobEvent> events, JobEvent.Type type) {
    return events.stream().anyMatch(e -> e.type() == type);
  }

  @Test
  void theSlideInFlightFinishesAndIsCommittedAndTheNextJobWaitsForTheRestart() throws Exception {
    ServiceTopics topics = KafkaTestBed.topics("drain");
    Published out = new Published(bed, topics);
    Map<String, Object> one = Map.of("slidestream.serve.slides-in-flight", 1);
    SlidestreamService service = SlidestreamService.start(bed.config("drain", work, one));
    try {
      sendJobs(topics);
      out.awaitMasks(Duration.ofSeconds(60), "small");
      out.awaitRecords(topics.tiles(), Duration.ofSeconds(60),
          r -> r.stream().anyMatch(t -> t.value().contains("\"jobId\":\"slow\"")));
      assertThat(out.masks("slow")).as("the slow slide is still running").isEmpty();
    } finally {
      service.shutdown().toCompletableFuture().get();
    }
    assertThat(service.failure()).isEmpty();
    assertThat(out.masks("slow")).as("the slide in flight finished during the drain").hasSize(1);
    assertThat(out.events("last")).as("no job taken after the shutdown began").isEmpty();
    assertThat(committed("drain", topics)).as("committed: small and slow").isEqualTo(2);

    try (SlidestreamService again = SlidestreamService.start(bed.config("drain", work, one))) {
      out.awaitMasks(Duration.ofSeconds(60), "last");
    }
    assertThat(out.masks("small")).hasSize(1);
    assertThat(out.masks("slow")).as("a committed job does not run again").hasSize(1);
    assertThat(committed("drain", topics)).isEqualTo(3);
  }

  @Test
  void aSlideStillRunningAtTheDrainTimeoutIsAbandonedUncommittedAndRunsAfterTheRestart() throws Exception {
    ServiceTopics topics = KafkaTestBed.topics("abandon");
    Published out = new Published(bed, topics);
    SlidestreamService service = SlidestreamService.start(bed.config("abandon", work,
        Map.of("slidestream.serve.slides-in-flight", 1, "slidestream.serve.drain-timeout", "200ms")));
    try {
      sendJobs(topics);
      out.awaitMasks(Duration.ofSeconds(60), "small");
      out.awaitRecords(topics.tiles(), Duration.ofSeconds(60),
          r -> r.stream().anyMatch(t -> t.value().contains("\"jobId\":\"slow\"")));
    } finally {
      service.shutdown().toCompletableFuture().get();
    }
    assertThat(service.failure()).isEmpty();
    List<JobEvent> slowEvents = out.events("slow");
    assertThat(out.masks("slow")).as("abandoned: no mask record").isEmpty();
    assertThat(has(slowEvents, JobEvent.Type.FINISHED) || has(slowEvents, JobEvent.Type.FAILED))
        .as("abandoned: neither finished nor failed").isFalse();
    assertThat(out.deadLetters()).as("abandoned is not dead").isEmpty();
    assertThat(committed("abandon", topics)).as("only small is committed").isEqualTo(1);

    try (SlidestreamService again = SlidestreamService.start(bed.config("abandon", work, Map.of()))) {
      out.awaitMasks(Duration.ofSeconds(90), "slow", "last");
    }
    assertThat(out.masks("slow")).as("the abandoned slide ran again, to its end, once").hasSize(1);
    assertThat(out.masks("small")).hasSize(1);
    assertThat(committed("abandon", topics)).isEqualTo(3);
  }
}
