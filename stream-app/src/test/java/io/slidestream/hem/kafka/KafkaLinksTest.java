package io.slidestream.hem.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.hem.kafka.internals.ChunkHeaders;
import io.slidestream.hem.kafka.internals.ChunkHeaders.Kind;
import io.slidestream.hem.kafka.internals.Chunker;
import io.slidestream.hem.kafka.internals.Payloads;
import io.slidestream.hem.kafka.internals.RunTopicReader.Located;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.HemLinkException;
import io.slidestream.models.hem.ModelSnapshot;
import io.slidestream.models.hem.RunFinishedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka trainer and worker links against the real embedded broker. */
class KafkaLinksTest {

  static final Duration LONG = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static HemBroker broker;
  static KafkaProducer<String, byte[]> raw;

  @BeforeAll
  static void start() {
    broker = new HemBroker(dir);
    raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    raw.close();
    broker.close();
  }

  static HemLinkSettings settings(String prefix, int chunkBytes) {
    return HemLinkSettings.of(broker.bootstrap(), broker.topics(prefix), chunkBytes);
  }

  static byte[] weights(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static ErrorMapDelivery delivery(String run, long cycle, int worker) {
    return new ErrorMapDelivery(run, cycle, worker, HemTestMaps.map(worker, "train-" + worker + ":secret-name.svs",
        cycle * 10 + worker), 0.1 * worker, 1.0);
  }

  static List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        broker.bootstrap(), ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + LONG.toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  @Test
  void aMultiChunkSnapshotArrivesWholeAndALateWorkerJoinsAtTheAwaitedCycleNotZero() throws Exception {
    HemLinkSettings s = settings("chunks", 64 * 1024);
    try (KafkaTrainerLink trainer = KafkaTrainerLink.open(s, "run-1");
        KafkaWorkerLink worker = KafkaWorkerLink.open(s, "run-1", 0)) {
      ModelSnapshot zero = new ModelSnapshot("run-1", 0, weights(300_000, 1), new double[] {Double.NaN, 0.4});
      trainer.publishSnapshot(zero);
      ModelSnapshot got = worker.awaitSnapshot(0, LONG);
      assertThat(got.cycle()).isZero();
      assertThat(got.weights()).isEqualTo(zero.weights());
      assertThat(got.slideErrors()).containsExactly(Double.NaN, 0.4);

      List<ConsumerRecord<String, byte[]>> records = rawRecords(s.topics().snapshots());
      assertThat(records).hasSize(5).allSatisfy(r -> {
        assertThat(r.key()).isEqualTo("run-1");
        assertThat(r.value().length).isLessThanOrEqualTo(64 * 1024);
        ChunkHeaders h = ChunkHeaders.parse(r.headers());
        assertThat(h.chunks()).isEqualTo(5);
        assertThat(h.sha256()).hasSize(64);
      });

      for (int c = 1; c <= 3; c++) {
        trainer.publishSnapshot(new ModelSnapshot("run-1", c, weights(200_000, 10 + c), new double[] {c, c}));
      }
      try (KafkaWorkerLink late = KafkaWorkerLink.open(s, "run-1", 1)) {
        ModelSnapshot first = late.awaitSnapshot(0, LONG);
        assertThat(first.cycle()).as("a late worker starts at the newest snapshot (its map answers the"
            + " rendezvous the trainer awaits, one before), not at 0").isEqualTo(3);
        assertThat(first.weights()).isEqualTo(weights(200_000, 13));
        assertThat(late.awaitSnapshot(3, LONG).weights()).as("the newest answers its own cycle at once")
            .isEqualTo(weights(200_000, 13));
        trainer.publishSnapshot(new ModelSnapshot("run-1", 4, weights(200_000, 14), new double[] {4, 4}));
        ModelSnapshot next = late.awaitSnapshot(4, LONG);
        assertThat(next.cycle()).isEqualTo(4);
        assertThat(next.weights()).isEqualTo(weights(200_000, 14));
      }
      // The first worker fell behind: asked for 1 it skips to the newest of what is there.
      assertThat(worker.awaitSnapshot(1, LONG).cycle()).isEqualTo(4);
      assertThatThrownBy(() -> worker.awaitSnapshot(5, Duration.ofMillis(500))).isInstanceOf(HemLinkException.class)
          .hasMessageContaining("no snapshot 5");
    }
  }

  @Test
  void mapsOfSeveralWorkersMeetAtOneCycleWithTheirSlideNamesKeptHome() throws Exception {
    HemLinkSettings s = settings("workers", 512 * 1024);
    try (KafkaTrainerLink trainer = KafkaTrainerLink.open(s, "run-2");
        KafkaWorkerLink w0 = KafkaWorkerLink.open(s, "run-2", 0);
        KafkaWorkerLink w1 = KafkaWorkerLink.open(s, "run-2", 1);
        KafkaWorkerLink w2 = KafkaWorkerLink.open(s, "run-2", 2)) {
      w2.publishErrorMap(delivery("run-2", 0, 2));
      w0.publishErrorMap(delivery("run-2", 0, 0));
      // A fast worker's next map arrives while the trainer still waits for this cycle's third.
      w0.publishErrorMap(delivery("run-2", 1, 0));
      w1.publishErrorMap(delivery("run-2", 0, 1));
      List<ErrorMapDelivery> maps = trainer.awaitErrorMaps(0, 3, LONG);
      assertThat(maps).extracting(ErrorMapDelivery::worker).containsExactly(2, 0, 1);
      assertThat(maps).allSatisfy(d -> {
        assertThat(d.cycle()).isZero();
        assertThat(d.map().regionId()).isEqualTo("region-" + d.worker());
        assertThat(d.map().sample(10, 3, 8, 8)).isEqualTo(delivery("run-2", 0, d.worker()).map().sample(10, 3, 8, 8));
      });
      assertThat(maps.get(1).idleSeconds()).isEqualTo(0.0);
      assertThat(maps.get(2).idleSeconds()).isEqualTo(0.1);
      List<ErrorMapDelivery> next = trainer.awaitErrorMaps(1, 1, LONG);
      assertThat(next).extracting(ErrorMapDelivery::worker).containsExactly(0);
      assertThat(rawRecords(s.topics().errorMaps())).noneSatisfy(
          r -> assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).contains("secret-name"));
    }
  }

  @Test
  void patienceEndsTheWaitWithTheMapsThatCameOrWithAnErrorWhenNoneDid() throws Exception {
    HemLinkSettings s = settings("patience", 512 * 1024);
    try (KafkaTrainerLink trainer = KafkaTrainerLink.open(s, "run-3");
        KafkaWorkerLink w0 = KafkaWorkerLink.open(s, "run-3", 0)) {
      w0.publishErrorMap(delivery("run-3", 0, 0));
      long t0 = System.nanoTime();
      List<ErrorMapDelivery> maps = trainer.awaitErrorMaps(0, 2, Duration.ofSeconds(2));
      double waited = (System.nanoTime() - t0) / 1e9;
      assertThat(maps).extracting(ErrorMapDelivery::worker).containsExactly(0);
      assertThat(waited).as("waited out the patience for the second worker").isBetween(1.9, 10.0);
      assertThatThrownBy(() -> trainer.awaitErrorMaps(1, 2, Duration.ofMillis(800)))
          .isInstanceOf(HemLinkException.class).hasMessageContaining("no error map of cycle 1");
    }
  }

  @Test
  void staleTornCorruptAndForeignRecordsAreDroppedAndARestartedTrainerFindsWhatCameWhileItWasDown()
      throws Exception {
    HemLinkSettings s = settings("dirty", 256);
    String topic = s.topics().errorMaps();
    try (KafkaWorkerLink w0 = KafkaWorkerLink.open(s, "run-4", 0);
        KafkaWorkerLink other = KafkaWorkerLink.open(s, "run-other", 0)) {
      for (int c = 0; c <= 3; c++) {
        w0.publishErrorMap(delivery("run-4", c, 0));
      }
      raw.send(new ProducerRecord<>(topic, 0, "run-4", "not a chunk".getBytes())).get(30, TimeUnit.SECONDS);
      other.publishErrorMap(delivery("run-other", 4, 0));
      // A worker killed after the first of its chunks.
      List<Chunker.Chunk> torn = new Chunker(256).split("run-4", Kind.ERROR_MAP, 4, 1,
          Payloads.delivery(delivery("run-4", 4, 1)));
      assertThat(torn.size()).isGreaterThan(1);
      raw.send(new ProducerRecord<>(topic, 0, "run-4", torn.get(0).value(), torn.get(0).headers().toHeaders()))
          .get(30, TimeUnit.SECONDS);
      // A chunked message whose bytes do not match its digest.
      List<Chunker.Chunk> corrupt = new Chunker(256).split("run-4", Kind.ERROR_MAP, 4, 2,
          Payloads.delivery(delivery("run-4", 4, 2)));
      for (Chunker.Chunk c : corrupt) {
        byte[] v = c.value().clone();
        v[v.length - 1] ^= 0x5a;
        raw.send(new ProducerRecord<>(topic, 0, "run-4", v, c.headers().toHeaders())).get(30, TimeUnit.SECONDS);
      }
      w0.publishErrorMap(delivery("run-4", 4, 0));
    }
    // The trainer (re)starts awaiting cycle 4: the maps of cycles 0..3 are stale, the rest junk.
    try (KafkaTrainerLink trainer = KafkaTrainerLink.open(s, "run-4")) {
      List<ErrorMapDelivery> maps = trainer.awaitErrorMaps(4, 3, Duration.ofSeconds(2));
      assertThat(maps).extracting(ErrorMapDelivery::worker).containsExactly(0);
      assertThat(maps.get(0).cycle()).isEqualTo(4);
      assertThat(trainer.dropped()).as("garbage, the other run's chunks, the corrupt message").isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void theRunsEndReachesAWaitingWorkerAndALateOneButAnAbandonedTrainerSendsNone() throws Exception {
    HemLinkSettings s = settings("end", 64 * 1024);
    // A trainer that dies mid-run (closed without finishing, as a kill leaves it): no end on the topic.
    try (KafkaTrainerLink killed = KafkaTrainerLink.open(s, "run-5")) {
      killed.publishSnapshot(new ModelSnapshot("run-5", 0, weights(1000, 50), new double[] {0.5}));
      killed.publishSnapshot(new ModelSnapshot("run-5", 1, weights(1000, 51), new double[] {0.5}));
    }
    try (KafkaWorkerLink w = KafkaWorkerLink.open(s, "run-5", 0)) {
      assertThat(w.awaitSnapshot(0, LONG).cycle()).isEqualTo(1);
      assertThatThrownBy(() -> w.awaitSnapshot(2, Duration.ofSeconds(1))).isInstanceOf(HemLinkException.class)
          .isNotInstanceOf(RunFinishedException.class).hasMessageContaining("no snapshot 2");
    }
    assertThat(rawRecords(s.topics().snapshots())).noneSatisfy(
        r -> assertThat(ChunkHeaders.parse(r.headers()).kind()).isEqualTo(Kind.RUN_END));

    // The trainer resumes and completes the run while a worker waits for the next snapshot.
    try (KafkaTrainerLink trainer = KafkaTrainerLink.open(s, "run-5");
        KafkaWorkerLink waiting = KafkaWorkerLink.open(s, "run-5", 0)) {
      trainer.publishSnapshot(new ModelSnapshot("run-5", 2, weights(1000, 52), new double[] {0.5}));
      assertThat(waiting.awaitSnapshot(0, LONG).cycle()).isEqualTo(2);
      CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
        try {
          waiting.awaitSnapshot(3, LONG);
          return null;
        } catch (Exception e) {
          return e;
        }
      });
      Thread.sleep(300);
      assertThat(ended).isNotDone();
      long t0 = System.nanoTime();
      trainer.finish("run-5", 2);
      assertThat(ended.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(RunFinishedException.class, e -> {
        assertThat(e.runId()).isEqualTo("run-5");
        assertThat(e.cycle()).isEqualTo(2);
      });
      assertThat((System.nanoTime() - t0) / 1e9).as("woken by the end, not by the patience").isLessThan(10);
    }
    List<ConsumerRecord<String, byte[]>> records = rawRecords(s.topics().snapshots());
    ChunkHeaders end = ChunkHeaders.parse(records.get(records.size() - 1).headers());
    assertThat(end.kind()).isEqualTo(Kind.RUN_END);
    assertThat(end.run()).isEqualTo("run-5");
    assertThat(end.cycle()).isEqualTo(2);
    assertThat(end.worker()).isEqualTo(-1);
    assertThat(records.get(records.size() - 1).key()).isEqualTo("run-5");

    // A worker started after the end ends at once, even asking for snapshot 0, which is on the topic.
    try (KafkaWorkerLink late = KafkaWorkerLink.open(s, "run-5", 1)) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> late.awaitSnapshot(0, LONG)).isInstanceOf(RunFinishedException.class)
          .hasMessage("run run-5 finished at cycle 2");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }
    // Another run on the same topic is not ended by it.
    try (KafkaTrainerLink other = KafkaTrainerLink.open(s, "run-6");
        KafkaWorkerLink w = KafkaWorkerLink.open(s, "run-6", 0)) {
      other.publishSnapshot(new ModelSnapshot("run-6", 0, weights(1000, 60), new double[] {0.5}));
      assertThat(w.awaitSnapshot(0, LONG).cycle()).isZero();
      assertThatThrownBy(() -> other.finish("run-5", 3)).isInstanceOf(IllegalArgumentException.class);
    }
    // A resumption with more iterations supersedes the end: a worker joining now starts at its snapshot.
    try (KafkaTrainerLink resumed = KafkaTrainerLink.open(s, "run-5");
        KafkaWorkerLink w = KafkaWorkerLink.open(s, "run-5", 2)) {
      resumed.publishSnapshot(new ModelSnapshot("run-5", 3, weights(1000, 53), new double[] {0.5}));
      assertThat(w.awaitSnapshot(0, LONG).weights()).isEqualTo(weights(1000, 53));
    }
  }

  @Test
  void aJoiningWorkerStartsAtTheNewestSnapshotOrTheRunsEnd() {
    List<Located> window = new ArrayList<>();
    // offsets 10..: snapshot 4 (2 chunks), snapshot 5 (2 chunks), end 5, snapshot 6 (first chunk only)
    window.add(located(Kind.SNAPSHOT, 4, "a", 0, 2, 10));
    window.add(located(Kind.SNAPSHOT, 4, "a", 1, 2, 11));
    window.add(located(Kind.SNAPSHOT, 5, "b", 0, 2, 12));
    window.add(located(Kind.SNAPSHOT, 5, "b", 1, 2, 13));
    assertThat(KafkaWorkerLink.joinPoint(window, 10, 14, false)).hasValue(12);
    window.add(located(Kind.RUN_END, 5, "c", 0, 1, 14));
    assertThat(KafkaWorkerLink.joinPoint(window, 10, 15, false)).as("after the end: the end").hasValue(14);
    window.add(located(Kind.SNAPSHOT, 6, "d", 0, 2, 15));
    assertThat(KafkaWorkerLink.joinPoint(window, 10, 16, false)).as("a resumption still being written")
        .hasValue(14);
    window.add(located(Kind.SNAPSHOT, 6, "d", 1, 2, 16));
    assertThat(KafkaWorkerLink.joinPoint(window, 10, 17, false)).hasValue(15);
    assertThat(KafkaWorkerLink.joinPoint(List.of(located(Kind.SNAPSHOT, 7, "e", 1, 2, 20)), 20, 21, false))
        .as("nothing whole: look further back").isEmpty();
  }

  static Located located(Kind kind, long cycle, String message, int chunk, int chunks, long offset) {
    return new Located(new ChunkHeaders("run", kind, cycle, -1, message, chunk, chunks, "0".repeat(64)), offset);
  }
}
