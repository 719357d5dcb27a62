package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.kafka.clients.PublishFailedException;
import io.slidestream.service.pipeline.SlideJobRunner;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.RecordCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ordered job flow driven by plain sources: offsets come out in record order, never past an abandoned job. */
class JobFlowTest {

  static ActorSystem system;
  final RecordingPublisher publisher = new RecordingPublisher();
  final SharedKillSwitch abandon = KillSwitches.shared("abandon");

  @BeforeAll
  static void start() {
    system = ActorSystem.create("job-flow-test");
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  JobProcessor processor(SlideJobRunner runner) {
    return new JobProcessor(new JobIntake(RecordCodec.shared(), FakeJobs::job, Clock.systemUTC()), runner, publisher,
        new OutputRecords(FakeJobs.TOPICS, RecordCodec.shared()), abandon, Materializer.matFromSystem(system),
        Clock.systemUTC());
  }

  static List<Pair<ConsumerRecord<String, byte[]>, Long>> records(String... values) {
    List<Pair<ConsumerRecord<String, byte[]>, Long>> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(Pair.create(FakeJobs.record(i, "k", values[i]), (long) i));
    }
    return out;
  }

  /** A job named {@code job-<ms>} takes that many milliseconds. */
  static SlideJobRunner slowByName(AtomicInteger running, AtomicInteger maxRunning) {
    return FakeJobs.runner(job -> {
      long ms = Long.parseLong(job.jobId().substring(4));
      return Source.<JobOutput>single(FakeJobs.tile(job.jobId(), 0, 1))
          .mapMaterializedValue(m -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            return m;
          })
          .concat(Source.<JobOutput>single(FakeJobs.mask(job.jobId(), 1)).initialDelay(Duration.ofMillis(ms)))
          .watchTermination((m, done) -> {
            done.whenComplete((d, e) -> running.decrementAndGet());
            return m;
          });
    });
  }

  @Test
  void offsetsLeaveInRecordOrderWhateverOrderJobsFinishIn() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    List<Long> offsets = Source.from(records(FakeJobs.json("job-600"), FakeJobs.json("job-50"),
            FakeJobs.json("job-300"), FakeJobs.json("job-10"), FakeJobs.json("job-10")))
        .via(JobFlow.create(processor(slowByName(running, maxRunning)), 3))
        .runWith(Sink.seq(), system).toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(maxRunning.get()).as("slides in flight at most").isEqualTo(3);
    List<String> maskOrder = publisher.on("t.masks").stream().map(r -> r.value().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1")).toList();
    assertThat(maskOrder.get(0)).as("a short job finished before the first, long one").isNotEqualTo("job-600");
  }

  @Test
  void badRecordsBetweenJobsDoNotBlockThePartition() throws Exception {
    AtomicInteger running = new AtomicInteger();
    List<Long> offsets = Source.from(records("garbage", FakeJobs.json("job-20"), "{\"schema\":\"slidestream.job/9\"}",
            FakeJobs.json("job-20")))
        .via(JobFlow.create(processor(slowByName(running, new AtomicInteger())), 2))
        .runWith(Sink.seq(), system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(offsets).containsExactly(0L, 1L, 2L, 3L);
    assertThat(publisher.on("t.dead")).hasSize(2);
    assertThat(publisher.on("t.masks")).hasSize(2);
  }

  @Test
  void nothingPassesAnAbandonedJob() throws Exception {
    SlideJobRunner runner = FakeJobs.runner(job -> job.jobId().equals("job-stuck")
        ? Source.<JobOutput>single(FakeJobs.tile(job.jobId(), 0, null)).concat(Source.never())
        : Source.from(FakeJobs.outputs(job, 1)));
    var offsets = Source.from(records(FakeJobs.json("job-a"), FakeJobs.json("job-stuck"), FakeJobs.json("job-b"),
            "garbage"))
        .via(JobFlow.create(processor(runner), 4))
        .runWith(Sink.seq(), system).toCompletableFuture();
    // job-b and the garbage finish while job-stuck runs; only job-a's offset may pass.
    Thread.sleep(500);
    assertThat(publisher.on("t.masks")).hasSize(2);
    assertThat(offsets).isNotDone();
    abandon.abort(new JobAbandonedException("shutdown"));
    assertThat(offsets.get(30, TimeUnit.SECONDS)).containsExactly(0L);
  }

  @Test
  void aPublishingFailureFailsTheFlowAndPassesNoOffsetOfThatRecord() throws Exception {
    var offsets = new java.util.concurrent.CopyOnWriteArrayList<Long>();
    SlideJobRunner runner = FakeJobs.runner(job -> Source.from(FakeJobs.outputs(job, 1)).map(o -> {
      if (job.jobId().equals("job-b")) {
        publisher.breakDown();
      }
      return o;
    }));
    var done = Source.from(records(FakeJobs.json("job-a"), FakeJobs.json("job-b"), FakeJobs.json("job-c")))
        .via(JobFlow.create(processor(runner), 1))
        .runForeach(offsets::add, system).toCompletableFuture();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(PublishFailedException.class);
    assertThat(offsets).as("only the job published before the broker went away").containsExactly(0L);
  }
}
