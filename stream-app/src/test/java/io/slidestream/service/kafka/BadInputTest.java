package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.testdata.HostileTiffs;
import io.slidestream.testdata.HostileTiffs.Tiles;
import io.slidestream.testdata.TinyTiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed or hostile job the project knows, kept as data ({@link #CASES}: one line a case)
 * and run against one service on the real broker: all of them are published to partition 0, then
 * a valid job, which must still finish (no case blocks the partition or stops the service). Each
 * case then gets exactly one dead letter with its expected reason, and a FAILED event when it has
 * a job id; hostile files are made by the test in the slides directory. Around the whole table:
 * nothing is written outside the output store, and the service's open file descriptors and live
 * threads return to what they were after a first job had warmed everything.
 */
class BadInputTest {

  /** When a case's fault comes out. */
  enum Stage {
    /** At validation: one FAILED event and nothing else. */
    REFUSED,
    /** Only once tiles are read (a bomb in a level the probe does not read): ACCEPTED first, then FAILED. */
    WHILE_RUNNING,
    /** Not a fault at all: the job runs and finishes, with no dead letter (unknown fields are ignored). */
    PROCESSED
  }

  /** Makes the raw value of a case's job record (and any file it needs), given its job id. */
  @FunctionalInterface
  interface RecordMaker {
    String make(String jobId) throws Exception;
  }

  /** Makes a case's slide in the slides directory, under a name of its own. */
  @FunctionalInterface
  interface SlideMaker {
    Path make(Path slides, String name) throws Exception;
  }

  /**
   * One case: its name (its job id is {@code bad-<name>}), how its record is made, and what must
   * come of it. {@code fragment}, when not null, must appear in the dead letter's message;
   * {@code hasJobId} false for a record whose job id cannot be read (no event can be sent).
   */
  record BadCase(String name, RecordMaker record, RejectionReason reason, String fragment, Stage stage,
      boolean hasJobId) {

    String jobId() {
      return "bad-" + name;
    }

    BadCase whileRunning() {
      return new BadCase(name, record, reason, fragment, Stage.WHILE_RUNNING, hasJobId);
    }

    BadCase withoutJobId() {
      return new BadCase(name, record, reason, fragment, stage, false);
    }

    @Override
    public String toString() {
      return name + " → " + (stage == Stage.PROCESSED ? "processed" : reason + (stage == Stage.WHILE_RUNNING
          ? " while running" : ""));
    }
  }

  static BadCase raw(String name, RecordMaker value, RejectionReason reason, String fragment) {
    return new BadCase(name, value, reason, fragment, Stage.REFUSED, true);
  }

  static BadCase job(String name, java.util.function.Function<String, JobRecord> job, RejectionReason reason,
      String fragment) {
    return raw(name, id -> json(job.apply(id)), reason, fragment);
  }

  static BadCase slide(String name, SlideMaker slide, RejectionReason reason, String fragment) {
    return raw(name, id -> json(JobRecord.of(id, slide.make(slides, name).toString(), "tiny")), reason, fragment);
  }

  static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  /** The table. Adding a case is adding a line. */
  static final List<BadCase> CASES = cases();

  private static List<BadCase> cases() {
    List<BadCase> c = new ArrayList<>(List.of(
        // Records.
        raw("malformed-json", id -> "{\"schema\":\"slidestream.job/1\",\"jobId\":\"" + id + "\",\"slideUri\":",
            RejectionReason.MALFORMED_RECORD, "not valid JSON").withoutJobId(),
        new BadCase("unknown-fields", id -> "{\"schema\":\"slidestream.job/1\",\"jobId\":\"" + id + "\",\"slideUri\":\""
            + good + "\",\"modelId\":\"tiny\",\"priority\":\"stat\",\"lims\":{\"case\":\"X-17\",\"blocks\":[1,2]}}",
            null, null, Stage.PROCESSED, true),
        job("unknown-model", id -> JobRecord.of(id, good.toString(), "no-such-model"), RejectionReason.UNKNOWN_MODEL,
            "no-such-model"),
        // Paths.
        job("missing-slide", id -> JobRecord.of(id, slides.resolve("no-such-slide.svs").toString(), "tiny"),
            RejectionReason.SLIDE_NOT_FOUND, "no slide file"),
        job("dot-dot-escape", id -> JobRecord.of(id, slides + "/../../etc/passwd", "tiny"),
            RejectionReason.PATH_NOT_ALLOWED, "outside the allowed"),
        job("relative-path", id -> JobRecord.of(id, "../../etc/passwd", "tiny"), RejectionReason.PATH_NOT_ALLOWED,
            "absolute"),
        slide("escaping-symlink", (s, n) -> Files.createSymbolicLink(s.resolve(n + ".synthetic.json"),
            TestSlides.synthetic(dir.resolve("outside"), "secret", 512, 512, 9)), RejectionReason.PATH_NOT_ALLOWED,
            "symbolic link"),
        slide("symlink-to-dev-zero", (s, n) -> Files.createSymbolicLink(s.resolve(n + ".svs"), Path.of("/dev/zero")),
            RejectionReason.PATH_NOT_ALLOWED, "symbolic link"),
        slide("symlink-loop", (s, n) -> {
          Files.createSymbolicLink(s.resolve(n + "-b.svs"), s.resolve(n + ".svs"));
          return Files.createSymbolicLink(s.resolve(n + ".svs"), s.resolve(n + "-b.svs"));
        }, RejectionReason.SLIDE_NOT_FOUND, "cannot be resolved"),
        slide("fifo", (s, n) -> run("mkfifo", s.resolve(n + ".svs")), RejectionReason.SLIDE_NOT_FOUND,
            "not a readable file"),
        slide("directory-named-like-a-slide", (s, n) -> Files.createDirectory(s.resolve(n + ".svs")),
            RejectionReason.SLIDE_NOT_FOUND, "not a readable file"),
        // Files: damaged structure.
        slide("truncated-svs", (s, n) -> TestSlides.truncatedSvs(Files.createDirectories(s.resolve(n))),
            RejectionReason.SLIDE_CORRUPT, "truncated"),
        slide("text-named-svs", (s, n) -> Files.writeString(s.resolve(n + ".svs"), "not a slide, just text\n".repeat(9)),
            RejectionReason.SLIDE_UNSUPPORTED, "no available slide reader"),
        slide("ifd-pointing-at-itself", (s, n) -> HostileTiffs.directoryPointingAtItself(s.resolve(n + ".tif")),
            RejectionReason.SLIDE_CORRUPT, "loop"),
        slide("ifd-pointing-back", (s, n) -> HostileTiffs.directoryPointingBack(s.resolve(n + ".tif")),
            RejectionReason.SLIDE_CORRUPT, "loop"),
        slide("subifd-loop", (s, n) -> HostileTiffs.subDirectoryLoop(s.resolve(n + ".ome.tif")),
            RejectionReason.SLIDE_CORRUPT, "loop"),
        slide("tile-bytes-beyond-the-end", (s, n) -> HostileTiffs.tileBytesBeyondTheEnd(s.resolve(n + ".tif")),
            RejectionReason.SLIDE_CORRUPT, "truncated"),
        slide("tile-offset-beyond-the-end", (s, n) -> HostileTiffs.tileOffsetBeyondTheEnd(s.resolve(n + ".tif")),
            RejectionReason.SLIDE_CORRUPT, "truncated"),
        // Files: sizes.
        slide("absurd-size", (s, n) -> TestSlides.claimingTiff(s.resolve(n + ".tif"), 10_000_000),
            RejectionReason.SLIDE_TOO_LARGE, "10000000x10000000"),
        slide("zero-width", (s, n) -> HostileTiffs.claimingSize(s.resolve(n + ".tif"), TinyTiff.LONG, 0, 256),
            RejectionReason.SLIDE_CORRUPT, "invalid size 0x256"),
        slide("negative-size", (s, n) -> HostileTiffs.claimingSize(s.resolve(n + ".tif"), TinyTiff.SLONG, -1, -256),
            RejectionReason.SLIDE_CORRUPT, "invalid size -1x-256"),
        slide("size-2-to-the-32", (s, n) -> HostileTiffs.claimingSize(s.resolve(n + ".tif"), TinyTiff.LONG,
            0xFFFF_FFFFL, 0xFFFF_FFFFL), RejectionReason.SLIDE_TOO_LARGE, "4294967295x4294967295"),
        slide("zero-tile-side", (s, n) -> HostileTiffs.claimingTileSide(s.resolve(n + ".tif"), 0),
            RejectionReason.SLIDE_CORRUPT, "tile size 0x0"),
        slide("absurd-tile-side", (s, n) -> HostileTiffs.claimingTileSide(s.resolve(n + ".tif"), 1 << 20),
            RejectionReason.SLIDE_TOO_LARGE, "1048576x1048576 tiles"),
        // Files: bombs, in the level the probe reads and in the level only tiles read.
        slide("jpeg-bomb-probed", (s, n) -> HostileTiffs.pyramid(s.resolve(n + ".tif"), Tiles.GOOD, Tiles.JPEG_BOMB),
            RejectionReason.SLIDE_CORRUPT, "JPEG frame is 65500x65500"),
        slide("jpeg-bomb-in-tiles", (s, n) -> HostileTiffs.pyramid(s.resolve(n + ".tif"), Tiles.JPEG_BOMB, Tiles.GOOD),
            RejectionReason.SLIDE_CORRUPT, "JPEG frame is 65500x65500").whileRunning(),
        slide("deflate-bomb-probed", (s, n) -> HostileTiffs.pyramid(s.resolve(n + ".tif"), Tiles.GOOD,
            Tiles.DEFLATE_BOMB), RejectionReason.SLIDE_CORRUPT, "inflates past"),
        slide("deflate-bomb-in-tiles", (s, n) -> HostileTiffs.pyramid(s.resolve(n + ".tif"), Tiles.DEFLATE_BOMB,
            Tiles.GOOD), RejectionReason.SLIDE_CORRUPT, "inflates past").whileRunning()));
    if (ROOT) {
      // Only root may make a device node; as another user the symbolic link to /dev/zero stands for it.
      c.add(slide("device-node", (s, n) -> run("mknod", s.resolve(n + ".svs"), "c", "1", "5"),
          RejectionReason.SLIDE_NOT_FOUND, "not a readable file"));
    }
    return List.copyOf(c);
  }

  @TempDir static Path dir;
  static KafkaTestBed bed;
  static SlidestreamService service;
  static Path work;
  static Path slides;
  static Path good;
  static final ServiceTopics TOPICS = KafkaTestBed.topics("bad");
  static Published out;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
    work = dir.resolve("work");
    slides = work.resolve("slides");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    good = TestSlides.synthetic(slides, "good", 512, 512, 3);
    service = SlidestreamService.start(bed.config("bad", work, Map.of()));
    out = new Published(bed, TOPICS);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    bed.close();
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputGetsOneDeadLetterAndTheServiceStaysWhole() throws Exception {
    Set<String> names = new TreeSet<>();
    for (BadCase c : CASES) {
      assertThat(names.add(c.name())).as("case names are unique: " + c.name()).isTrue();
    }
    for (BadCase c : CASES) {
      for (BadCase other : CASES) {
        // Dead letters without a job id are found by their record's text: no id may contain another.
        assertThat(c == other || !other.jobId().contains(c.jobId())).as(other.jobId() + " contains " + c.jobId())
            .isTrue();
      }
    }
    // A first good job loads the model, starts every pool and opens every connection: the baseline.
    bed.send(TOPICS.jobs(), 0, "bad-input", JobRecord.of("warm-up", good.toString(), "tiny"));
    out.awaitMasks(Duration.ofSeconds(120), "warm-up");
    Resources before = Resources.settled(null);

    List<String> values = new ArrayList<>();
    for (BadCase c : CASES) {
      values.add(c.record().make(c.jobId()));
    }
    FileSnapshot files = FileSnapshot.of(work, dir);
    for (String v : values) {
      bed.send(TOPICS.jobs(), 0, "bad-input", v);
    }
    bed.send(TOPICS.jobs(), 0, "bad-input", JobRecord.of("last-good", good.toString(), "tiny"));
    out.awaitMasks(Duration.ofSeconds(180), "last-good");
    long expectedLetters = CASES.stream().filter(c -> c.stage() != Stage.PROCESSED).count();
    out.awaitRecords(TOPICS.deadLetters(), Duration.ofSeconds(120), r -> r.size() >= expectedLetters);
    List<DeadLetter> letters = out.deadLetters();
    List<JobEvent> events = out.allEvents();
    Resources after = Resources.settled(before);
    Set<String> written = files.newSince();

    List<DynamicTest> tests = new ArrayList<>();
    tests.add(dynamicTest("the good job submitted last finished", () ->
        assertThat(out.masks("last-good")).hasSize(1)));
    for (BadCase c : CASES) {
      tests.add(dynamicTest(c.toString(), () -> check(c, letters, events)));
    }
    tests.add(dynamicTest("no dead letter beyond the table's", () -> assertThat(letters).hasSize((int) expectedLetters)));
    tests.add(dynamicTest("nothing was written outside the output store", () ->
        assertThat(written).as("new files outside work/outputs (in work/, the slides and /tmp)").isEmpty()));
    tests.add(dynamicTest("file descriptors and threads are back to their baseline", () -> {
      assertThat(after.descriptors()).as("open file descriptors, baseline " + before.descriptors() + "; new: "
          + Resources.added(before.descriptorTargets(), after.descriptorTargets()))
          .isLessThanOrEqualTo(before.descriptors());
      assertThat(after.threads()).as("live threads, baseline " + before.threads() + "; new: "
          + Resources.added(before.threadNames(), after.threadNames())).isLessThanOrEqualTo(before.threads());
    }));
    return tests.stream();
  }

  private static void check(BadCase c, List<DeadLetter> letters, List<JobEvent> events) throws Exception {
    List<DeadLetter> mine = letters.stream().filter(d -> c.hasJobId() ? c.jobId().equals(d.jobId())
        : d.originalRecord() != null && d.originalRecord().contains(c.jobId())).toList();
    List<JobEvent> jobEvents = events.stream().filter(e -> e.jobId().equals(c.jobId())).toList();
    if (c.stage() == Stage.PROCESSED) {
      assertThat(out.masks(c.jobId())).hasSize(1);
      assertThat(mine).isEmpty();
      return;
    }
    assertThat(mine).as("dead letters of " + c.jobId()).hasSize(1);
    DeadLetter d = mine.get(0);
    assertThat(d.reason()).isEqualTo(c.reason());
    assertThat(d.topic()).isEqualTo(TOPICS.jobs());
    assertThat(d.partition()).isZero();
    assertThat(d.offset()).isNotNull();
    assertThat(d.message()).isNotBlank().doesNotContain(dir.toString()).doesNotContain("Exception")
        .doesNotContain("java.");
    if (c.fragment() != null) {
      assertThat(d.message()).contains(c.fragment());
    }
    if (!c.hasJobId()) {
      assertThat(d.jobId()).isNull();
      assertThat(d.originalRecord()).isEqualTo(c.record().make(c.jobId()));
      assertThat(jobEvents).as("no job id could be read, so no event").isEmpty();
      return;
    }
    assertThat(jobEvents.stream().filter(e -> e.type() == JobEvent.Type.FAILED)).as("FAILED events")
        .singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(c.reason().name()));
    assertThat(jobEvents.get(jobEvents.size() - 1).type()).isEqualTo(JobEvent.Type.FAILED);
    if (c.stage() == Stage.REFUSED) {
      assertThat(jobEvents).as("refused at validation: nothing but FAILED").hasSize(1);
    } else {
      assertThat(jobEvents.get(0).type()).as("accepted before the bomb went off").isEqualTo(JobEvent.Type.ACCEPTED);
    }
  }

  /** Runs a command that makes a file (mkfifo, mknod) and returns the file. */
  static Path run(String command, Path file, String... more) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command, file.toString()));
    cmd.addAll(List.of(more));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
    return file;
  }

  static String json(JobRecord job) {
    return RecordCodec.shared().toJson(job);
  }

  /** The JVM's open file descriptors and live threads. */
  record Resources(int descriptors, int threads, List<String> descriptorTargets, List<String> threadNames) {

    /** What {@code now} holds beyond {@code then}, counting repeats. */
    static List<String> added(List<String> then, List<String> now) {
      List<String> extra = new ArrayList<>(now);
      then.forEach(extra::remove);
      return extra;
    }

    static Resources now() throws IOException {
      List<String> fds = new ArrayList<>();
      try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : s.toList()) {
          try {
            fds.add(Files.readSymbolicLink(fd).toString());
          } catch (IOException e) {
            // The descriptor of the listing itself, closed by now.
          }
        }
      }
      // Pekko's default dispatcher is a fork-join pool that starts and retires workers as load comes
      // and goes, bounded by its parallelism-max: its size says nothing about a leak, so it is left out.
      List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
          .filter(n -> !n.contains("pekko.actor.default-dispatcher-")).sorted().toList();
      return new Resources(fds.size(), names.size(), fds, names);
    }

    /**
     * The counts after a pause (closed consumers' sockets and finished jobs' threads go away
     * asynchronously); with a baseline, once both are back to it, or after a minute.
     */
    static Resources settled(Resources baseline) throws Exception {
      if (baseline == null) {
        Thread.sleep(3000);
        return now();
      }
      Resources r = now();
      for (int i = 0; i < 120 && (r.descriptors() > baseline.descriptors() || r.threads() > baseline.threads()); i++) {
        Thread.sleep(500);
        r = now();
      }
      return r;
    }
  }
}
