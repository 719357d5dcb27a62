package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.CliProcess;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import io.slidestream.testdata.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service in a JVM of its own is killed with SIGKILL in the middle of a slide and started
 * again: every job ends with one complete mask record, none is lost, and the files are
 * byte-identical to those of an uninterrupted run (in another JVM, into another output store).
 * The tiles published before the kill come again after the restart, and dropping duplicates by
 * (job id, tile index) leaves exactly the uninterrupted run's tile records.
 */
class CrashRecoveryTest {

  @TempDir static Path dir;
  static KafkaTestBed bed;
  static Path slides;
  static Path models;
  static JobRecord big;
  static JobRecord small;

  @BeforeAll
  static void start() throws Exception {
    bed = new KafkaTestBed(dir);
    slides = dir.resolve("slides");
    models = dir.resolve("models");
    TinyModels.save(models, "tiny", 2.0);
    // 64 tiles at 2 µm/px: seconds of work, so the kill lands inside it.
    big = JobRecord.of("job-big", TestSlides.synthetic(slides, "big", 1536, 1536, 21).toString(), "tiny");
    small = JobRecord.of("job-small", TestSlides.synthetic(slides, "small", 512, 512, 22).toString(), "tiny");
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  Map<String, Object> serveConfig(String prefix) {
    Map<String, Object> more = new HashMap<>();
    more.put("slidestream.models.store", models.toString());
    more.put("slidestream.outputs.store", dir.resolve(prefix).resolve("outputs").toString());
    more.put("slidestream.jobs.allowed-roots", List.of(slides.toString(),
        SharedData.cmuSmallRegion().getParent().toString()));
    more.put("slidestream.serve.slides-in-flight", 1);
    // Static membership: the restarted instance takes its partitions back at once, without waiting
    // for the killed one's session to time out.
    more.put("slidestream.kafka.consumer.group-instance-id", prefix + "-instance");
    more.put("slidestream.kafka.consumer.session-timeout", "10s");
    return bed.overrides(prefix, dir.resolve(prefix), more);
  }

  /** Both jobs to partition 0, the big one first: with one slide in flight the small one waits for it. */
  static void submit(ServiceTopics topics, JobRecord... jobs) throws Exception {
    for (JobRecord j : jobs) {
      bed.send(topics.jobs(), 0, JobSubmitter.keyFor(j), j);
    }
  }

  @Test
  void aServiceKilledMidSlideRestartsAndEndsEveryJobWithTheSameFiles() throws Exception {
    long t0 = System.nanoTime();
    // The uninterrupted run.
    ServiceTopics refTopics = KafkaTestBed.topics("ref");
    Published ref = new Published(bed, refTopics);
    try (CliProcess p = CliProcess.start(dir, "ref", serveConfig("ref"), false, "serve")) {
      awaitTopics(refTopics, p);
      submit(refTopics, big, small);
      awaitMasks(ref, p, big.jobId(), small.jobId());
      assertThat(p.terminate("slidestream service stopped")).as("exit status after SIGTERM").isEqualTo(143);
    }

    long t1 = System.nanoTime();
    // The run that is killed in the middle of the big slide, then started again.
    ServiceTopics topics = KafkaTestBed.topics("crash");
    Published crash = new Published(bed, topics);
    int tilesBeforeKill;
    try (CliProcess p = CliProcess.start(dir, "crash-1", serveConfig("crash"), false, "serve")) {
      awaitTopics(topics, p);
      submit(topics, big, small);
      crash.awaitRecords(topics.tiles(), Duration.ofSeconds(90),
          r -> r.stream().filter(t -> t.value().contains("\"jobId\":\"job-big\"")).count() >= 5);
      p.kill();
      tilesBeforeKill = crash.tiles(big.jobId()).size();
      assertThat(crash.masks()).as("killed before any mask record").isEmpty();
      assertThat(parts(dir.resolve("crash").resolve("outputs"))).as("the killed run's temporary outputs").isNotEmpty();
      assertThat(tilesBeforeKill).as("killed in the middle of the slide")
          .isLessThan(ref.masks(big.jobId()).get(0).tileCount());
    }
    long t2 = System.nanoTime();
    try (CliProcess p = CliProcess.start(dir, "crash-2", serveConfig("crash"), false, "serve")) {
      awaitMasks(crash, p, big.jobId(), small.jobId());
      assertThat(p.terminate("slidestream service stopped")).isEqualTo(143);
    }
    System.out.printf("CrashRecoveryTest: uninterrupted run %.1f s, killed after %d tiles at %.1f s, restarted run"
        + " %.1f s%n", (t1 - t0) / 1e9, tilesBeforeKill, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);

    for (JobRecord job : List.of(big, small)) {
      List<MaskRecord> masks = crash.masks(job.jobId());
      assertThat(masks).as("mask records of " + job.jobId()).hasSize(1);
      MaskRecord after = masks.get(0);
      MaskRecord expected = ref.masks(job.jobId()).get(0);
      assertThat(after.tileCount()).isEqualTo(expected.tileCount());
      assertThat(after.areasUm2()).isEqualTo(expected.areasUm2());
      assertThat(after.modelVersion()).isEqualTo(expected.modelVersion());
      Map<String, OutputFile> expectedFiles = byKind(expected);
      Map<String, OutputFile> files = byKind(after);
      assertThat(files.keySet()).isEqualTo(expectedFiles.keySet());
      OutputChecks.verify(after);
      for (String kind : files.keySet()) {
        assertThat(files.get(kind).sha256()).as(kind + " checksum").isEqualTo(expectedFiles.get(kind).sha256());
        assertThat(Files.readAllBytes(OutputChecks.path(files.get(kind))))
            .as(kind + " bytes equal the uninterrupted run's")
            .isEqualTo(Files.readAllBytes(OutputChecks.path(expectedFiles.get(kind))));
      }
      List<TileRecord> tiles = crash.tiles(job.jobId());
      Map<Integer, TileRecord> deduplicated = tiles.stream()
          .collect(Collectors.toMap(TileRecord::tileIndex, Function.identity(), (a, b) -> {
            assertThat(b).as("a duplicate tile record is the same record").isEqualTo(a);
            return a;
          }, TreeMap::new));
      Map<Integer, TileRecord> expectedTiles = ref.tiles(job.jobId()).stream()
          .collect(Collectors.toMap(TileRecord::tileIndex, Function.identity(), (a, b) -> a, TreeMap::new));
      assertThat(deduplicated).as("tile records of " + job.jobId() + " after dropping duplicates")
          .isEqualTo(expectedTiles);
    }
    assertThat(crash.tiles(big.jobId()).size()).as("the tiles sent before the kill were sent again")
        .isEqualTo(ref.masks(big.jobId()).get(0).tileCount() + tilesBeforeKill);
    assertThat(crash.deadLetters()).isEmpty();
    // The re-run removed the killed run's parts (minutes younger than any age limit), and neither
    // run left ImageIO's cache files in its temporary directory.
    assertThat(parts(dir.resolve("crash").resolve("outputs"))).as("temporary outputs after the re-run").isEmpty();
    for (String run : List.of("ref", "crash-1", "crash-2")) {
      try (Stream<Path> files = Files.list(CliProcess.tempDir(dir, run))) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("imageio")))
            .as("ImageIO cache files of " + run).isEmpty();
      }
    }
  }

  /** The {@code .part} files under an output store. */
  static List<Path> parts(Path store) throws Exception {
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
    }
  }

  static Map<String, OutputFile> byKind(MaskRecord m) {
    return m.outputs().stream().collect(Collectors.toMap(OutputFile::kind, Function.identity()));
  }

  /** Waits until the service created its topics (it provisions them as it starts). */
  static void awaitTopics(ServiceTopics topics, CliProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("serve exited while starting; log:\n" + p.logTail());
      }
      try (var admin = bed.admin()) {
        if (admin.listTopics().names().get().containsAll(
            List.of(topics.jobs(), topics.tiles(), topics.masks(), topics.events(), topics.deadLetters()))) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("serve did not create its topics within 90 s; log:\n" + p.logTail());
  }

  static void awaitMasks(Published out, CliProcess p, String... jobIds) {
    try {
      out.awaitMasks(Duration.ofSeconds(120), jobIds);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nserve log:\n" + p.logTail(), e);
    }
  }
}
