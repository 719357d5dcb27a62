package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.kafka.clients.PublishFailedException;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.pipeline.JobFailedException;
import io.slidestream.service.pipeline.SlideJobRunner;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.RecordCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One record of the jobs topic through the processor, with a scripted runner and no broker. */
class JobProcessorTest {

  static final Instant NOW = Instant.parse("2025-04-01T08:00:00Z");
  static ActorSystem system;
  final ObjectMapper json = new ObjectMapper();
  final RecordingPublisher publisher = new RecordingPublisher();
  final SharedKillSwitch abandon = KillSwitches.shared("abandon");

  @BeforeAll
  static void start() {
    system = ActorSystem.create("job-processor-test");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  JobProcessor processor(SlideJobRunner runner) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new JobProcessor(new JobIntake(RecordCodec.shared(), FakeJobs::job, clock), runner, publisher,
        new OutputRecords(FakeJobs.TOPICS, RecordCodec.shared()), abandon, org.apache.pekko.stream.Materializer.matFromSystem(system), clock);
  }

  JobOutcome process(SlideJobRunner runner, ConsumerRecord<String, byte[]> record) throws Exception {
    return processor(runner).process(record).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  JsonNode value(ProducerRecord<String, String> r) throws Exception {
    return json.readTree(r.value());
  }

  List<String> eventTypes() throws Exception {
    List<String> types = new java.util.ArrayList<>();
    for (ProducerRecord<String, String> r : publisher.on(FakeJobs.TOPICS.events())) {
      types.add(value(r).get("type").asText());
    }
    return types;
  }

  @Test
  void aJobsOutputsGoOutInOrderBetweenAcceptedAndFinished() throws Exception {
    ConsumerRecord<String, byte[]> in = new ConsumerRecord<>(FakeJobs.TOPIC, 0, 7, NOW.toEpochMilli() - 1500,
        TimestampType.CREATE_TIME, -1, -1, "k", FakeJobs.json("job-1").getBytes(), new RecordHeaders(),
        java.util.Optional.empty());
    JobOutcome outcome = process(FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 3))), in);

    assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Finished.class, f -> {
      assertThat(f.jobId()).isEqualTo("job-1");
      assertThat(f.mask().timings().queuedMs()).as("time waited in the topic").isEqualTo(1500L);
    });
    List<ProducerRecord<String, String>> all = publisher.records();
    assertThat(all).extracting(ProducerRecord::topic).containsExactly(
        "t.events", "t.tiles", "t.events", "t.tiles", "t.events", "t.tiles", "t.events", "t.masks", "t.events");
    assertThat(all).extracting(ProducerRecord::key).containsOnly(FakeJobs.slideId("job-1"));
    assertThat(eventTypes()).containsExactly("ACCEPTED", "PROGRESS", "PROGRESS", "PROGRESS", "FINISHED");
    JsonNode mask = value(publisher.on("t.masks").get(0));
    assertThat(mask.get("schema").asText()).isEqualTo("slidestream.mask/1");
    assertThat(mask.at("/timings/queuedMs").asLong()).isEqualTo(1500);
    JsonNode finished = value(all.get(all.size() - 1));
    assertThat(finished.get("tilesDone").asInt()).isEqualTo(3);
    assertThat(publisher.on("t.dead")).isEmpty();
  }

  @Test
  void aJobThatFailsWhileRunningGetsAFailedEventAndOneDeadLetter() throws Exception {
    SlideJobRunner runner = FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 5)).take(4)
        // Lazily: a plain failed source fails a concat at once, before the elements ahead of it.
        .concat(Source.lazySource(() -> Source.failed(new JobFailedException(job.jobId(), RejectionReason.SLIDE_CORRUPT,
            "tile (3, 0) cannot be decoded", null)))));
    JobOutcome outcome = process(runner, FakeJobs.record(9, "k", FakeJobs.json("job-2")));

    assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class,
        f -> assertThat(f.reason()).isEqualTo(RejectionReason.SLIDE_CORRUPT));
    assertThat(eventTypes()).as(publisher.records().toString()).containsExactly("ACCEPTED", "PROGRESS", "PROGRESS", "FAILED");
    List<ProducerRecord<String, String>> dead = publisher.on("t.dead");
    assertThat(dead).hasSize(1);
    JsonNode letter = value(dead.get(0));
    assertThat(letter.get("reason").asText()).isEqualTo("SLIDE_CORRUPT");
    assertThat(letter.get("message").asText()).isEqualTo("tile (3, 0) cannot be decoded");
    assertThat(letter.get("jobId").asText()).isEqualTo("job-2");
    assertThat(letter.get("offset").asLong()).isEqualTo(9);
    assertThat(json.readTree(letter.get("originalRecord").asText()).get("jobId").asText()).isEqualTo("job-2");
    assertThat(dead.get(0).key()).isEqualTo(FakeJobs.slideId("job-2"));
    assertThat(publisher.on("t.masks")).isEmpty();
  }

  @Test
  void anUnexpectedRunnerErrorIsAProcessingFailure() throws Exception {
    SlideJobRunner runner = FakeJobs.runner(job -> Source.<JobOutput>failed(new OutOfMemoryErrorLike()));
    JobOutcome outcome = process(runner, FakeJobs.record(0, "k", FakeJobs.json("job-3")));
    assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class, f -> {
      assertThat(f.reason()).isEqualTo(RejectionReason.PROCESSING_FAILED);
      // Plain words for operators: no class name, no exception message.
      assertThat(f.message()).startsWith("the job failed while it ran").doesNotContain("OutOfMemoryErrorLike");
    });
    assertThat(publisher.on("t.dead")).hasSize(1);
  }

  @Test
  void aRunnerThatCannotEvenStartIsAProcessingFailure() throws Exception {
    SlideJobRunner runner = FakeJobs.runner(job -> {
      throw new IllegalStateException("inference thread gone");
    });
    JobOutcome outcome = process(runner, FakeJobs.record(0, "k", FakeJobs.json("job-4")));
    assertThat(outcome).isInstanceOf(JobOutcome.Failed.class);
    assertThat(eventTypes()).containsExactly("ACCEPTED", "FAILED");
  }

  @Test
  void outputsEndingWithoutAMaskRecordAreAFailureNotASuccess() throws Exception {
    SlideJobRunner runner = FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 2)).take(3));
    JobOutcome outcome = process(runner, FakeJobs.record(0, "k", FakeJobs.json("job-5")));
    assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class,
        f -> assertThat(f.message()).contains("without a mask record"));
  }

  @Test
  void aRefusedRecordGetsItsDeadLetterWithoutRunning() throws Exception {
    JobOutcome outcome = process(FakeJobs.runner(job -> {
      throw new AssertionError("must not run");
    }), FakeJobs.record(2, "orig-key", "not json"));
    assertThat(outcome).isInstanceOf(JobOutcome.Rejected.class);
    assertThat(publisher.records()).hasSize(1);
    assertThat(publisher.records().get(0).topic()).isEqualTo("t.dead");
    assertThat(publisher.records().get(0).key()).isEqualTo("orig-key");
  }

  @Test
  void aJobStoppedByTheShutdownIsAbandonedWithoutDeadLetter() throws Exception {
    SlideJobRunner runner = FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 3)).take(2)
        .concat(Source.never()));
    var pending = processor(runner).process(FakeJobs.record(0, "k", FakeJobs.json("job-6"))).toCompletableFuture();
    Thread.sleep(200);
    assertThat(pending).isNotDone();
    abandon.abort(new JobAbandonedException("shutdown"));
    JobOutcome outcome = pending.get(30, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(JobOutcome.Abandoned.class);
    assertThat(outcome.committable()).isFalse();
    assertThat(publisher.on("t.dead")).isEmpty();
    assertThat(eventTypes()).containsExactly("ACCEPTED", "PROGRESS");
  }

  @Test
  void whenPublishingFailsTheStepFailsAndNothingIsDeadLettered() {
    publisher.breakDown();
    var stage = processor(FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 2))))
        .process(FakeJobs.record(0, "k", FakeJobs.json("job-7"))).toCompletableFuture();
    assertThatThrownBy(() -> stage.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(PublishFailedException.class);
  }

  @Test
  void publishingFailingMidwayFailsTheStepRatherThanDeadLetteringTheJob() {
    SlideJobRunner runner = FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 3)).map(o -> {
      if (o instanceof io.slidestream.service.records.MaskRecord) {
        publisher.breakDown();
      }
      return o;
    }));
    var stage = processor(runner).process(FakeJobs.record(0, "k", FakeJobs.json("job-8"))).toCompletableFuture();
    assertThatThrownBy(() -> stage.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(PublishFailedException.class);
    assertThat(publisher.on("t.dead")).isEmpty();
    assertThat(publisher.on("t.masks")).isEmpty();
  }

  /** Stands for any unexpected error of a runner. */
  static final class OutOfMemoryErrorLike extends RuntimeException {
    OutOfMemoryErrorLike() {
      super("no memory left for the batch");
    }
  }
}
