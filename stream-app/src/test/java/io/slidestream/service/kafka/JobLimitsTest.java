package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.slidestream.files.PendingFile;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-job limits, a full output store and a reused job id, each with real jobs against a real
 * {@link SlidestreamService} on the real broker (one broker for the class, one service per
 * configuration, each with its own topics, group and output store): every such job gets exactly
 * one dead letter and one FAILED event with its own reason, in plain words; what the design says
 * stays in its output directory stays and nothing else does (a run that got as far as claiming its
 * job id keeps {@code job.claim}, so that the id stays bound to its content; no output, no
 * {@code .part}); and the service keeps going: its graph has not failed, and a job sent after is
 * still answered.
 *
 * <p>The slides are synthetic at 0.5 µm/px, read by the tiny model at 2 µm/px in 48 px tiles (64
 * px patches, 8 px halo): 512 px is a grid of 3 × 3 = 9 tiles, 768 px 4 × 4 = 16, 1536 px 8 × 8 =
 * 64, 3072 px 16 × 16 = 256. With every output the 512 px slide writes about 28 KB (the mask TIFF
 * 3 KB), the 1536 px one about 77 KB (the mask 8 KB); the 3072 px slide's mask alone is about 47 KB.
 *
 * <p>The full-store tests mount a tmpfs of a few pages as the output store, so they need root, as
 * the project's machines and CI have: without it they fail and say so, never skip.
 */
class JobLimitsTest {

  static final Duration WAIT = Duration.ofSeconds(120);
  static final RecordCodec CODEC = RecordCodec.shared();

  @TempDir static Path dir;
  static KafkaTestBed bed;
  static Path models;
  static Path slides;
  /** 9 tiles. */
  static Path small;
  /** 16 tiles. */
  static Path medium;
  /** 64 tiles. */
  static Path large;
  /** 256 tiles. */
  static Path huge;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
    models = dir.resolve("models");
    TinyModels.save(models, "tiny", 2.0);
    slides = dir.resolve("slides");
    small = TestSlides.synthetic(slides, "small", 512, 512, 31);
    medium = TestSlides.synthetic(slides, "medium", 768, 768, 32);
    large = TestSlides.synthetic(slides, "large", 1536, 1536, 33);
    huge = TestSlides.synthetic(slides, "huge", 3072, 3072, 34);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TILE_LIMIT

  @Test
  void aJobOverTheTileLimitIsRefusedAtValidationAndOneUnderItFinishes() throws Exception {
    try (Service s = Service.start("tiles", Map.of("slidestream.jobs.limits.max-tiles", 10))) {
      JobRecord fits = job("tiles-fits", small);
      JobRecord over = job("tiles-over", medium);
      s.send(0, fits);
      s.send(0, over);
      s.out.awaitMasks(WAIT, fits.jobId());
      assertOnDisk(s.mask(fits.jobId()));
      assertThat(s.mask(fits.jobId()).tileCount()).isEqualTo(9);

      DeadLetter d = s.assertFailed(over, RejectionReason.TILE_LIMIT, false);
      assertThat(d.message()).contains("4 × 4 = 16 tiles").contains("10").contains("max-tiles");
      assertThat(s.out.masks(over.jobId())).isEmpty();
      assertThat(s.jobDir(over.jobId())).as("nothing of a job refused at validation in the store").doesNotExist();
      s.assertStillRunning();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // OUTPUT_LIMIT

  @Test
  void aJobWhoseOutputsPassTheOutputLimitIsAbortedAndItsFilesRemoved() throws Exception {
    int limit = 4096;
    try (Service s = Service.start("outbytes", Map.of("slidestream.jobs.limits.max-output-bytes", limit))) {
      // Every output of 64 tiles: the mask TIFF alone is about twice the limit.
      JobRecord over = job("outbytes-over", large);
      s.send(0, over);
      DeadLetter d = s.assertFailed(over, RejectionReason.OUTPUT_LIMIT, true);
      assertThat(d.message()).contains(String.valueOf(limit)).contains("max-output-bytes");
      assertThat(s.out.masks(over.jobId())).as("no mask record for an aborted job").isEmpty();
      // The design: outputs are abandoned (parts) or unpublished (files written whole at the end);
      // the job id's claim stays, so the id stays bound to this job's content.
      s.awaitExactly(over.jobId(), Set.of(OutputStore.CLAIM_FILE));

      // The same service goes on: a job of the same partition whose outputs stay under the limit.
      JobRecord under = job("outbytes-under", small).withOptions(new JobOptions(null, null, List.of("areas-json")));
      s.send(0, under);
      s.out.awaitMasks(WAIT, under.jobId());
      MaskRecord m = s.mask(under.jobId());
      assertOnDisk(m);
      assertThat(m.outputs().stream().mapToLong(OutputFile::bytes).sum()).isLessThanOrEqualTo(limit);
      s.assertStillRunning();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TIME_LIMIT

  @Test
  void aJobOverTheWallTimeLimitIsAbortedAndItsFilesRemoved() throws Exception {
    // 1 ms: no job can finish in it (claiming the id alone syncs a file), so both jobs must end TIME_LIMIT.
    try (Service s = Service.start("walltime", Map.of("slidestream.jobs.limits.max-wall-time", "1ms"))) {
      JobRecord first = job("walltime-first", huge);
      s.send(0, first);
      DeadLetter d = s.assertFailed(first, RejectionReason.TIME_LIMIT, true);
      assertThat(d.message()).contains("max-wall-time").contains("1 ms");
      assertThat(s.out.masks(first.jobId())).isEmpty();
      // The timeout may come before the run claimed the job id (no directory then) or after (the
      // claim stays): either way no output and no part, once the run is closed.
      s.awaitAtMost(first.jobId(), Set.of(OutputStore.CLAIM_FILE));

      JobRecord second = job("walltime-second", small);
      s.send(0, second);
      s.assertFailed(second, RejectionReason.TIME_LIMIT, true);
      s.awaitAtMost(second.jobId(), Set.of(OutputStore.CLAIM_FILE));
      s.assertNoParts();
      s.assertStillRunning();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // OUTPUT_STORE_FULL

  @Test
  void aStoreThatFillsUpFailsTheJobOutputStoreFullAndTheNextJobStillFinishes() throws Exception {
    // 12 pages of 4 KiB. The small jobs (mask TIFF 3 KB, areas 0.5 KB, claim) take 3 pages each;
    // the huge job's mask (about 47 KB) cannot fit in the 8 pages left beside the first.
    Path store = dir.resolve("full-store");
    mountTmpfs(store, "48k");
    try (Service s = Service.start("full", store, Map.of("slidestream.outputs.min-free-bytes", 0))) {
      List<String> smallOutputs = List.of("mask-tiff", "areas-json");
      JobRecord before = job("full-before", small).withOptions(new JobOptions(null, null, smallOutputs));
      s.send(0, before);
      s.out.awaitMasks(WAIT, before.jobId());
      assertOnDisk(s.mask(before.jobId()));

      JobRecord tooBig = job("full-too-big", huge).withOptions(new JobOptions(null, null, List.of("mask-tiff")));
      s.send(0, tooBig);
      DeadLetter d = s.assertFailed(tooBig, RejectionReason.OUTPUT_STORE_FULL, true);
      assertThat(d.message()).contains("ran out of space");
      assertThat(s.out.masks(tooBig.jobId())).isEmpty();
      // No half mask, no part: only the claim, written before the mask, stays.
      s.awaitExactly(tooBig.jobId(), Set.of(OutputStore.CLAIM_FILE));
      s.assertNoParts();

      JobRecord after = job("full-after", small).withOptions(new JobOptions(null, null, smallOutputs));
      s.send(0, after);
      s.out.awaitMasks(WAIT, after.jobId());
      assertOnDisk(s.mask(after.jobId()));
      assertOnDisk(s.mask(before.jobId()));
      s.assertNoParts();
      s.assertStillRunning();
    } finally {
      unmount(store);
    }
  }

  @Test
  void aStoreWithLessThanTheFreeSpaceFloorRefusesTheJobAtItsStart() throws Exception {
    Path store = dir.resolve("floor-store");
    mountTmpfs(store, "48k");
    try (Service s = Service.start("floor", store, Map.of("slidestream.outputs.min-free-bytes", "1m"))) {
      JobRecord first = job("floor-first", small);
      s.send(0, first);
      DeadLetter d = s.assertFailed(first, RejectionReason.OUTPUT_STORE_FULL, true);
      assertThat(d.message()).contains("min-free-bytes").contains("1048576");
      assertThat(s.jobDir(first.jobId())).as("refused before the claim: nothing of the job in the store")
          .doesNotExist();
      JobRecord second = job("floor-second", small);
      s.send(0, second);
      s.assertFailed(second, RejectionReason.OUTPUT_STORE_FULL, true);
      assertThat(s.jobDir(second.jobId())).doesNotExist();
      s.assertStillRunning();
    } finally {
      unmount(store);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JOB_ID_REUSED

  @Test
  void aJobIdNamesOneSetOfOutputsAndOnlyItsOwnReplayMayRunUnderItAgain() throws Exception {
    try (Service s = Service.start("reuse", Map.of())) {
      // (a) Another slide under a finished job's id.
      JobRecord first = job("reuse-slide", small);
      s.send(0, first);
      s.out.awaitMasks(WAIT, first.jobId());
      Map<String, String> firstFiles = s.checksums(first.jobId());
      JobRecord otherSlide = job("reuse-slide", medium);
      s.send(0, otherSlide);
      s.assertFailed(otherSlide, RejectionReason.JOB_ID_REUSED, true);
      assertThat(s.out.masks(first.jobId())).hasSize(1);
      assertOnDisk(s.mask(first.jobId()));
      assertThat(s.checksums(first.jobId())).as("the first job's files, untouched").isEqualTo(firstFiles);

      // (b) The same slide with other options (32 px tiles: 32 + 2 × 8 = 48 px patches suit the model).
      JobRecord same = job("reuse-options", small);
      s.send(0, same);
      s.out.awaitMasks(WAIT, same.jobId());
      Map<String, String> sameFiles = s.checksums(same.jobId());
      JobRecord otherOptions = job("reuse-options", small).withOptions(new JobOptions(32, null, null));
      s.send(0, otherOptions);
      s.assertFailed(otherOptions, RejectionReason.JOB_ID_REUSED, true);
      assertThat(s.out.masks(same.jobId())).hasSize(1);
      assertOnDisk(s.mask(same.jobId()));
      assertThat(s.checksums(same.jobId())).as("the same file names, the first job's bytes").isEqualTo(sameFiles);

      // (c) Two jobs of other content under one id at once, on two partitions (two slides in
      // flight): exactly one claims the id and finishes, the other is refused.
      JobRecord onZero = job("reuse-race", small);
      JobRecord onOne = job("reuse-race", medium);
      s.send(0, onZero);
      s.send(1, onOne);
      s.awaitFailedEvent("reuse-race");
      s.out.awaitMasks(WAIT, "reuse-race");
      List<MaskRecord> masks = s.out.masks("reuse-race");
      assertThat(masks).as("one set of outputs").hasSize(1);
      MaskRecord winner = masks.get(0);
      JobRecord loser = winner.slideId().equals(JobSubmitter.keyFor(onZero)) ? onOne : onZero;
      assertThat(winner.slideId()).isIn(JobSubmitter.keyFor(onZero), JobSubmitter.keyFor(onOne));
      s.assertFailed(loser, RejectionReason.JOB_ID_REUSED, true);
      assertOnDisk(winner);
      Set<String> expected = new TreeSet<>(Set.of(OutputStore.CLAIM_FILE));
      winner.outputs().forEach(o -> expected.add(OutputChecks.path(o).getFileName().toString()));
      assertThat(names(s.jobDir("reuse-race"))).as("the winner's files and its claim, nothing of the loser")
          .isEqualTo(expected);

      // (d) The same job again (a replay: same slide, model, resolution, tiles, outputs) is not
      // refused: it runs again and rewrites the same bytes under the same names.
      s.send(0, first);
      s.awaitMaskCount(first.jobId(), 2);
      List<MaskRecord> both = s.out.masks(first.jobId());
      assertThat(both).hasSize(2);
      assertThat(both.get(1).outputs()).as("the replay's outputs").isEqualTo(both.get(0).outputs());
      assertOnDisk(both.get(1));
      assertThat(s.checksums(first.jobId())).as("the replay's files: the same names and bytes").isEqualTo(firstFiles);
      assertThat(s.out.deadLetters().stream().filter(l -> first.jobId().equals(l.jobId())))
          .as("the one dead letter of reuse-slide is (a)'s").hasSize(1);
      assertThat(s.out.events(first.jobId()).stream().filter(e -> e.type() == JobEvent.Type.FINISHED))
          .as("FINISHED events of reuse-slide").hasSize(2);
      s.assertNoParts();
      s.assertStillRunning();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // MEMORY_LIMIT

  @Test
  void aJobWhosePatchPassesTheMemoryLimitIsRefusedAtValidation() throws Exception {
    try (Service s = Service.start("memory", Map.of())) {
      JobRecord greedy = job("memory-greedy", small).withOptions(new JobOptions(2048, 2048, null));
      long t0 = System.nanoTime();
      s.send(0, greedy);
      DeadLetter d = s.assertFailed(greedy, RejectionReason.MEMORY_LIMIT, false);
      System.out.printf("JobLimitsTest: MEMORY_LIMIT answered %.2f s after the job was sent%n",
          (System.nanoTime() - t0) / 1e9);
      assertThat(d.message()).contains("6144 px").contains("2048").contains("max-patch-size");
      assertThat(s.jobDir(greedy.jobId())).doesNotExist();

      JobRecord good = job("memory-good", small);
      s.send(0, good);
      s.out.awaitMasks(WAIT, good.jobId());
      assertOnDisk(s.mask(good.jobId()));
      s.assertStillRunning();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static JobRecord job(String jobId, Path slide) {
    return JobRecord.of(jobId, slide.toString(), "tiny");
  }

  /** A service under test with its own topics, group and output store. */
  static final class Service implements AutoCloseable {
    final String prefix;
    final ServiceTopics topics;
    final Published out;
    final Path store;
    final SlidestreamService service;

    private Service(String prefix, Path store, SlidestreamService service) {
      this.prefix = prefix;
      this.topics = KafkaTestBed.topics(prefix);
      this.out = new Published(bed, topics);
      this.store = store;
      this.service = service;
    }

    static Service start(String prefix, Map<String, Object> more) {
      return start(prefix, dir.resolve(prefix).resolve("outputs"), more);
    }

    static Service start(String prefix, Path store, Map<String, Object> more) {
      Map<String, Object> o = new HashMap<>(more);
      o.put("slidestream.models.store", models.toString());
      o.put("slidestream.outputs.store", store.toString());
      o.put("slidestream.jobs.allowed-roots", List.of(slides.toString()));
      return new Service(prefix, store, SlidestreamService.start(bed.config(prefix, dir.resolve(prefix), o)));
    }

    void send(int partition, JobRecord job) throws Exception {
      bed.send(topics.jobs(), partition, JobSubmitter.keyFor(job), job);
    }

    Path jobDir(String jobId) {
      return store.resolve(jobId);
    }

    MaskRecord mask(String jobId) throws Exception {
      List<MaskRecord> m = out.masks(jobId);
      assertThat(m).as("mask records of " + jobId).hasSize(1);
      return m.get(0);
    }

    /**
     * Waits for the job's dead letter and FAILED event, then checks that the job id has exactly
     * one dead letter, with {@code reason} and a message in plain words, and one FAILED event with
     * the same reason and words; and that this run's events are ACCEPTED … FAILED (the job was
     * accepted, then ended while it ran) or FAILED alone (refused at validation).
     */
    DeadLetter assertFailed(JobRecord job, RejectionReason reason, boolean accepted) throws Exception {
      awaitFailedEvent(job.jobId());
      out.awaitRecords(topics.deadLetters(), WAIT, r -> r.stream()
          .anyMatch(x -> job.jobId().equals(CODEC.decode(x.value(), DeadLetter.class).jobId())));
      List<DeadLetter> letters = out.deadLetters().stream().filter(l -> job.jobId().equals(l.jobId())).toList();
      assertThat(letters).as("dead letters of " + job.jobId()).hasSize(1);
      DeadLetter d = letters.get(0);
      assertThat(d.reason()).as("reason of " + job.jobId()).isEqualTo(reason);
      assertThat(d.topic()).isEqualTo(topics.jobs());
      assertThat(d.originalRecord()).isEqualTo(CODEC.toJson(job));
      assertPlainWords(d.message());

      List<JobEvent> events = out.events(job.jobId());
      List<JobEvent> failed = events.stream().filter(e -> e.type() == JobEvent.Type.FAILED).toList();
      assertThat(failed).as("FAILED events of " + job.jobId()).hasSize(1);
      assertThat(failed.get(0).reason()).isEqualTo(reason.name());
      assertThat(failed.get(0).message()).isEqualTo(d.message());
      // This run's events: those of its slide (events are keyed, and so ordered, by slide), after
      // the last run of the same id and slide that ended before it.
      List<JobEvent> run = accepted ? lastRun(events.stream()
          .filter(e -> JobSubmitter.keyFor(job).equals(e.slideId())).toList()) : events;
      List<JobEvent.Type> types = run.stream().map(JobEvent::type).toList();
      if (accepted) {
        assertThat(types).as("events of this run of " + job.jobId()).startsWith(JobEvent.Type.ACCEPTED)
            .endsWith(JobEvent.Type.FAILED).doesNotContain(JobEvent.Type.FINISHED);
      } else {
        assertThat(types).as("refused at validation: FAILED and nothing else").containsExactly(JobEvent.Type.FAILED);
      }
      return d;
    }

    void awaitFailedEvent(String jobId) {
      out.awaitRecords(topics.events(), WAIT, r -> r.stream().map(x -> CODEC.decode(x.value(), JobEvent.class))
          .anyMatch(e -> e.jobId().equals(jobId) && e.type() == JobEvent.Type.FAILED));
    }

    void awaitMaskCount(String jobId, int n) {
      out.awaitRecords(topics.masks(), WAIT, r -> r.stream()
          .filter(x -> jobId.equals(CODEC.decode(x.value(), MaskRecord.class).jobId())).count() >= n);
    }

    /**
     * Waits until the job's directory holds exactly {@code names}: a failed run's clean-up (its
     * parts deleted once the stitching in progress stops) may end a moment after its FAILED event.
     */
    void awaitExactly(String jobId, Set<String> names) throws Exception {
      awaitNames(jobId, names, true);
    }

    /** Waits until the job's directory holds nothing but (some of) {@code names}, or is absent. */
    void awaitAtMost(String jobId, Set<String> names) throws Exception {
      awaitNames(jobId, names, false);
    }

    private void awaitNames(String jobId, Set<String> wanted, boolean exactly) throws Exception {
      Path jobDir = jobDir(jobId);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Set<String> now = names(jobDir);
      while (!(exactly ? now.equals(wanted) : wanted.containsAll(now)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        now = names(jobDir);
      }
      if (exactly) {
        assertThat(now).as("files of " + jobId).isEqualTo(new TreeSet<>(wanted));
      } else {
        assertThat(wanted).as("files of " + jobId + " " + now).containsAll(now);
      }
    }

    void assertNoParts() throws Exception {
      List<Path> parts;
      try (Stream<Path> files = Files.walk(store)) {
        parts = files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
      }
      assertThat(parts).as("temporary files in the output store").isEmpty();
    }

    /** File name → SHA-256 of the files in a job's directory. */
    Map<String, String> checksums(String jobId) throws Exception {
      Map<String, String> m = new TreeMap<>();
      for (String n : names(jobDir(jobId))) {
        m.put(n, PendingFile.sha256(jobDir(jobId).resolve(n)));
      }
      return m;
    }

    void assertStillRunning() {
      assertThat(service.failure()).as("the service's graph has not failed").isEmpty();
      assertThat(service.stopped().toCompletableFuture().isDone()).as("the service has not stopped").isFalse();
    }

    @Override
    public void close() {
      service.close();
    }
  }

  /** The events of the last run: those after the last FINISHED or FAILED that precedes the last event. */
  static List<JobEvent> lastRun(List<JobEvent> events) {
    int start = 0;
    for (int i = 0; i < events.size() - 1; i++) {
      JobEvent.Type t = events.get(i).type();
      if (t == JobEvent.Type.FINISHED || t == JobEvent.Type.FAILED) {
        start = i + 1;
      }
    }
    return events.subList(start, events.size());
  }

  /** Dead-letter and event messages go to dashboards: no Java class, no exception's name. */
  static void assertPlainWords(String message) {
    assertThat(message).isNotBlank().doesNotContain("Exception").doesNotContain("java.")
        .doesNotContain(dir.toString());
    assertThat(BadInputTest.CLASS_NAME.matcher(message).find()).as("a Java class name in: " + message).isFalse();
  }

  /** Every output of a mask record is on disk with the size and SHA-256 the record gives. */
  static void assertOnDisk(MaskRecord mask) throws Exception {
    assertThat(mask.outputs()).isNotEmpty();
    for (OutputFile o : mask.outputs()) {
      Path p = OutputChecks.path(o);
      assertThat(p).as(o.kind()).isRegularFile();
      assertThat(Files.size(p)).as(o.kind() + " size").isEqualTo(o.bytes());
      assertThat(PendingFile.sha256(p)).as(o.kind() + " SHA-256 on disk").isEqualTo(o.sha256());
    }
  }

  static Set<String> names(Path jobDir) throws IOException {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(jobDir)) {
      try (Stream<Path> s = Files.list(jobDir)) {
        s.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }

  /** Mounts a tmpfs of {@code size} at {@code at}; fails the test, saying why, when it cannot. */
  static void mountTmpfs(Path at, String size) throws Exception {
    Files.createDirectories(at);
    List<String> cmd = List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", at.toString());
    String output;
    int rc;
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      rc = p.waitFor();
    } catch (IOException e) {
      output = e.getMessage();
      rc = -1;
    }
    if (rc != 0) {
      fail("this test needs a real full file system: `" + String.join(" ", cmd) + "` failed (exit " + rc + ": "
          + output + "). Mounting a tmpfs needs root (the tests run as " + System.getProperty("user.name")
          + "); the project's machines and CI run the tests as root. Not skipped on purpose.");
    }
  }

  static void unmount(Path at) throws Exception {
    if (new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor() != 0) {
      // Something still holds a file there: detach it, so that the temporary directory can go.
      new ProcessBuilder("umount", "-l", at.toString()).inheritIO().start().waitFor();
    }
  }
}
