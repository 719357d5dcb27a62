package io.slidestream.hem.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.app.cli.TrainCommandFixtures;
import io.slidestream.hem.events.TrainingEvent;
import io.slidestream.hem.events.TrainingEventCodec;
import io.slidestream.models.io.ModelFile;
import io.slidestream.service.fixtures.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed hard example mining with the real broker: the trainer ({@code train --distributed})
 * and one error-map worker ({@code hem-worker}) in two JVMs of their own. The worker is killed
 * with SIGKILL mid-run and restarted, and the trainer carries on; then the trainer is killed and
 * restarted with {@code --resume}, and it continues from its last checkpoint's cycle, not from 0,
 * to the end of the run and its model file; the end of the run ends the restarted worker, which
 * exits by itself with status 0.
 */
class DistributedHemTest {

  static final String RUN = "dist-tiny";
  static final Pattern DELIVERED = Pattern.compile("hem-worker 0 \\(pid (\\d+)\\): error map (\\d+) delivered");

  @TempDir Path dir;

  @Test
  void trainerAndWorkerInTwoJvmsSurviveAKilledWorkerAndAKilledTrainer() throws Exception {
    long t0 = System.nanoTime();
    try (HemBroker broker = new HemBroker(dir)) {
      HemTopics topics = broker.topics("dist");
      Map<String, Object> kafka = new HashMap<>();
      kafka.put("slidestream.kafka.bootstrap-servers", broker.bootstrap());
      kafka.put("slidestream.topics.hem-snapshots.name", topics.snapshots());
      kafka.put("slidestream.topics.hem-error-maps.name", topics.errorMaps());
      kafka.put("slidestream.topics.training.name", topics.training());
      kafka.put("slidestream.work-dir", dir.resolve("work").toString());
      Path conf = TrainCommandFixtures.hemTrainingFile(dir, RUN, 80);
      String[] train = {"train", "--config", conf.toString(), "--distributed"};
      String[] worker = {"hem-worker", "--config", conf.toString(), "--worker", "0", "--patience", "PT90S"};
      List<Long> trainerPids = new ArrayList<>();
      List<Long> workerPids = new ArrayList<>();
      long workerKilledAt;
      long trainerKilledAt;
      try (Events events = new Events(broker.bootstrap(), topics.training());
          CliProcess w1 = CliProcess.start(dir, "worker-1", kafka, true, worker);
          CliProcess t1 = CliProcess.start(dir, "trainer-1", kafka, true, train)) {
        workerPids.add(w1.pid());
        trainerPids.add(t1.pid());
        events.await(e -> cycles(e) >= 3, Duration.ofSeconds(90), t1, w1);
        w1.kill();
        workerKilledAt = lastCycle(events.all());
        try (CliProcess w2 = CliProcess.start(dir, "worker-2", kafka, true, worker)) {
          workerPids.add(w2.pid());
          events.await(e -> lastCycle(e) >= workerKilledAt + 3, Duration.ofSeconds(90), t1, w2);
          t1.kill();
          trainerKilledAt = lastCycle(events.all());
          assertThat(trainerKilledAt).as("killed before the run's end").isLessThan(30);
          try (CliProcess t2 = CliProcess.start(dir, "trainer-2", kafka, true, append(train, "--resume"))) {
            trainerPids.add(t2.pid());
            // Not watching w2 here: the run's end may stop it before the FINISHED event is read.
            events.await(e -> e.stream().anyMatch(x -> x.type() == TrainingEvent.Type.FINISHED), Duration.ofSeconds(120),
                t2);
            assertThat(t2.waitFor(30)).as(t2.logTail()).isZero();
            // The completed run ends its worker: it exits by itself, with status 0, saying so.
            assertThat(w2.waitFor(30)).as(w2.logTail()).isZero();
            assertThat(w2.log()).contains("hem-worker 0 (pid " + w2.pid() + "): run " + RUN + " finished");
            assertThat(t2.log()).contains("run " + RUN + " finished at cycle");
            assertThat(t1.log()).as("a killed trainer ends nobody").doesNotContain("finished at cycle");
            String workerLog = w1.log() + w2.log();
            List<long[]> delivered = new ArrayList<>();
            Matcher m = DELIVERED.matcher(workerLog);
            while (m.find()) {
              delivered.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
            assertThat(delivered).extracting(d -> d[0]).as("maps computed by the worker JVMs")
                .containsAll(workerPids.subList(0, 1)).doesNotContainAnyElementsOf(trainerPids);
            assertThat(delivered).as("the restarted worker delivered maps too")
                .anySatisfy(d -> assertThat(d[0]).isEqualTo(workerPids.get(1)));
            assertThat(t1.log() + t2.log()).contains("rendezvous 0: error maps from worker(s) [0]")
                .doesNotContain("hem-worker");
            System.out.printf("DistributedHemTest: worker killed after cycle %d, trainer after cycle %d; %d maps"
                + " delivered; %.1f s%n", workerKilledAt, trainerKilledAt, delivered.size(), (System.nanoTime() - t0) / 1e9);
          }
        }
      }
      List<TrainingEvent> all = new Events(broker.bootstrap(), topics.training()).allNow();
      assertThat(all).allSatisfy(e -> assertThat(e.runId()).isEqualTo(RUN));
      List<TrainingEvent> starts = all.stream().filter(e -> e.type() == TrainingEvent.Type.STARTED).toList();
      assertThat(starts).hasSize(2);
      assertThat(starts.get(0).cycle()).isZero();
      assertThat(starts.get(0).distributed()).isTrue();
      long resumedAt = starts.get(1).cycle();
      assertThat(resumedAt).as("resumed from a checkpoint, not from cycle 0").isPositive()
          .isLessThanOrEqualTo(trainerKilledAt + 1);
      assertThat(starts.get(1).message()).isEqualTo("resumed at cycle " + resumedAt);
      int restart = all.indexOf(starts.get(1));
      List<TrainingEvent> after = all.subList(restart + 1, all.size()).stream()
          .filter(e -> e.type() == TrainingEvent.Type.CYCLE).toList();
      assertThat(after).isNotEmpty();
      assertThat(after.get(0).cycle()).as("the first cycle after the restart").isEqualTo(resumedAt);
      for (int i = 1; i < after.size(); i++) {
        assertThat(after.get(i).cycle()).isEqualTo(after.get(i - 1).cycle() + 1);
      }
      assertThat(after).allSatisfy(e -> {
        assertThat(e.slides()).isNotEmpty().allMatch(s -> s.matches("region-[0-9]+"));
        assertThat(e.trainerIdle()).isBetween(0.0, 1.0);
      });
      TrainingEvent last = after.get(after.size() - 1);
      assertThat(last.iteration()).isEqualTo(80);
      assertThat(all.get(all.size() - 1).type()).isEqualTo(TrainingEvent.Type.FINISHED);
      Path model = dir.resolve("out").resolve(RUN + ".model.zip");
      assertThat(model).exists();
      assertThat(ModelFile.load(model).metadata().classes()).hasSize(2);
    }
  }

  static String[] append(String[] a, String more) {
    String[] b = java.util.Arrays.copyOf(a, a.length + 1);
    b[a.length] = more;
    return b;
  }

  static long cycles(List<TrainingEvent> events) {
    return events.stream().filter(e -> e.type() == TrainingEvent.Type.CYCLE).count();
  }

  static long lastCycle(List<TrainingEvent> events) {
    return events.stream().filter(e -> e.type() == TrainingEvent.Type.CYCLE).mapToLong(TrainingEvent::cycle).max()
        .orElse(-1);
  }

  /** Reads the training topic from its beginning as events arrive. */
  static final class Events implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<TrainingEvent> events = new ArrayList<>();
    private final TrainingEventCodec codec = new TrainingEventCodec();

    Events(String bootstrap, String topic) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
          new StringDeserializer(), new StringDeserializer());
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
    }

    List<TrainingEvent> all() {
      return List.copyOf(events);
    }

    void poll() {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> {
        assertThat(r.key()).isEqualTo(RUN);
        events.add(codec.fromJson(r.value()));
      });
    }

    List<TrainingEvent> allNow() {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        poll();
      }
      close();
      return all();
    }

    void await(Predicate<List<TrainingEvent>> done, Duration timeout, CliProcess... watched) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(events)) {
        for (CliProcess p : watched) {
          if (!p.isAlive()) {
            throw new AssertionError("a process exited early; its log:\n" + p.logTail());
          }
        }
        if (System.nanoTime() > deadline) {
          StringBuilder logs = new StringBuilder();
          for (CliProcess p : watched) {
            logs.append("\n---\n").append(p.logTail());
          }
          throw new AssertionError("timed out; events " + events + logs);
        }
        poll();
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
