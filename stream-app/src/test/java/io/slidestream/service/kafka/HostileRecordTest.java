package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile job records against one running service on the real broker, as a table of cases: each
 * gets exactly one dead letter with its reason (and a FAILED event when it carries a valid job
 * id), no answer repeats an oversized value or names a Java class, the service keeps running, and
 * a good job sent after it to the same partition finishes.
 *
 * <p>The dead-letters topic is shrunk to {@value #DEAD_LETTER_LIMIT} bytes here, below the
 * {@code JobIntake.MAX_ORIGINAL_BYTES} a full dead letter may carry, so that the full dead letters
 * of oversized records of random (incompressible: the producer compresses, the broker's limit
 * applies to compressed batches) text are refused by the broker with RecordTooLargeException: the
 * path that used to stop the service, answered now with a minimal dead letter.
 */
class HostileRecordTest {

  static final int DEAD_LETTER_LIMIT = 128 * 1024;
  /** The broker's default record limit, which the jobs topic keeps: a record just under it. */
  static final int AT_JOBS_TOPIC_LIMIT = 1_048_000;
  /** Java class names of exceptions, qualified or not. */
  static final Pattern CLASS_NAME = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w*|\\w+(Exception|Error)\\b");

  @TempDir static Path dir;
  static KafkaTestBed bed;
  static SlidestreamService service;
  static Path good;
  static final ServiceTopics TOPICS = KafkaTestBed.topics("hostile");
  static Published out;

  /**
   * One hostile record.
   *
   * @param name   the case, also the marker its record carries (in {@code requestedBy}, near the
   *               start, so that even a cut original shows it)
   * @param value  the record's value
   * @param reason the dead letter's reason
   * @param jobId  the job id its dead letter and FAILED event must carry, or null for none
   * @param original how much of the record its dead letter must carry
   */
  record HostileCase(String name, String value, RejectionReason reason, String jobId, Original original) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The original in a dead letter: whole, cut to the full dead letter's budget, or a minimal dead letter's few KiB. */
  enum Original { WHOLE, CUT, MINIMAL }

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
    Path work = dir.resolve("work");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    good = TestSlides.synthetic(work.resolve("slides"), "good", 512, 512, 3);
    service = SlidestreamService.start(bed.config("hostile", work, Map.of(
        "slidestream.topics.dead-letters.configs.\"max.message.bytes\"", DEAD_LETTER_LIMIT)));
    out = new Published(bed, TOPICS);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    bed.close();
  }

  static Stream<HostileCase> cases() {
    return Stream.of(
        // A valid id in every character, only too long: its full dead letter is too large for the topic.
        new HostileCase("hostile-long-id", job(random(600_000), "hostile-long-id", ""),
            RejectionReason.MALFORMED_RECORD, null, Original.MINIMAL),
        new HostileCase("hostile-at-limit", padded("hostile-at-limit", AT_JOBS_TOPIC_LIMIT, true),
            RejectionReason.MALFORMED_RECORD, "hostile-at-limit", Original.MINIMAL),
        // Compressible: the full dead letter, its original cut to MAX_ORIGINAL_BYTES, passes.
        new HostileCase("hostile-compressible", padded("hostile-compressible", AT_JOBS_TOPIC_LIMIT, false),
            RejectionReason.MALFORMED_RECORD, "hostile-compressible", Original.CUT),
        // Over the job record limit but with a full dead letter that fits its topic.
        new HostileCase("hostile-70k", padded("hostile-70k", 70 * 1024, true), RejectionReason.MALFORMED_RECORD,
            "hostile-70k", Original.WHOLE),
        new HostileCase("hostile-dup", job("hostile-dup", "hostile-dup", ",\"slideUri\":\"/etc/passwd\""),
            RejectionReason.MALFORMED_RECORD, "hostile-dup", Original.WHOLE),
        new HostileCase("hostile-v2", job("hostile-v2", "hostile-v2", "").replace("job/1", "job/2"),
            RejectionReason.MALFORMED_RECORD, "hostile-v2", Original.WHOLE),
        new HostileCase("hostile-coarse", job("hostile-coarse", "hostile-coarse", ",\"targetMicronsPerPixel\":1e9"),
            RejectionReason.INVALID_OPTIONS, "hostile-coarse", Original.WHOLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aHostileRecordGetsOneDeadLetterAndTheServiceGoesOn(HostileCase c) throws Exception {
    bed.send(TOPICS.jobs(), 0, "hostile", c.value());
    String after = c.name() + "-after";
    bed.send(TOPICS.jobs(), 0, "hostile", JobRecord.of(after, good.toString(), "tiny"));
    out.awaitMasks(Duration.ofSeconds(90), after);
    assertThat(out.masks(after)).as("the good job after " + c.name()).hasSize(1);
    assertThat(service.failure()).as("the service keeps running").isEmpty();

    List<DeadLetter> letters = out.deadLetters(c.name());
    assertThat(letters).as("dead letters of " + c.name()).hasSize(1);
    DeadLetter d = letters.get(0);
    assertThat(d.reason()).isEqualTo(c.reason());
    assertThat(d.jobId()).isEqualTo(c.jobId());
    assertThat(d.topic()).isEqualTo(TOPICS.jobs());
    assertThat(d.partition()).isZero();
    assertThat(d.message()).isNotBlank().doesNotContain("xxxxxxxx").hasSizeLessThan(1000);
    int originalBytes = d.originalRecord().getBytes(StandardCharsets.UTF_8).length;
    switch (c.original()) {
      case WHOLE -> assertThat(d.originalRecord()).isEqualTo(c.value());
      case CUT -> {
        assertThat(d.originalRecord()).endsWith(" more characters cut]");
        assertThat(originalBytes).isBetween(JobIntake.MAX_ORIGINAL_BYTES - 100, JobIntake.MAX_ORIGINAL_BYTES);
      }
      case MINIMAL -> {
        assertThat(d.originalRecord()).endsWith(" more characters cut]");
        assertThat(originalBytes).isLessThanOrEqualTo(JobIntake.MINIMAL_ORIGINAL_BYTES);
      }
    }
    List<JobEvent> events = c.jobId() == null ? List.of() : out.events(c.jobId());
    if (c.jobId() != null) {
      assertThat(events).as("events of " + c.jobId()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(JobEvent.Type.FAILED);
        assertThat(e.reason()).isEqualTo(c.reason().name());
      });
    }
    noClassNamesInAnyAnswer();
  }

  @Test
  void aFollowerHearsOfARecordThatDoesNotDecode() throws Exception {
    try (JobFollower follower = JobFollower.open(bed.bootstrap(), TOPICS)) {
      bed.send(TOPICS.jobs(), 1, "hostile", job("hostile-followed", "hostile-followed", ",\"slideUri\":\"/x\""));
      JobFollower.Result r = follower.follow("hostile-followed", Duration.ofSeconds(60), e -> {});
      assertThat(r).isInstanceOfSatisfying(JobFollower.Result.Failed.class, f -> {
        assertThat(f.reason()).isEqualTo("MALFORMED_RECORD");
        assertThat(f.message()).contains("Duplicate field 'slideUri'");
      });
    }
  }

  @Test
  void theClassNamePatternCatchesWhatItMust() {
    assertThat(CLASS_NAME.matcher("job failed: java.lang.IllegalArgumentException: bad").find()).isTrue();
    assertThat(CLASS_NAME.matcher("the slide file cannot be read: NoSuchFileException").find()).isTrue();
    assertThat(CLASS_NAME.matcher("job failed: an invalid value").find()).isFalse();
  }

  /** Every dead letter and event message on the topics so far is free of Java class names. */
  static void noClassNamesInAnyAnswer() throws Exception {
    for (DeadLetter d : out.deadLetters()) {
      assertThat(CLASS_NAME.matcher(d.message()).find()).as("class name in dead letter: " + d.message()).isFalse();
    }
    for (var r : bed.readAll(TOPICS.events())) {
      JobEvent e = RecordCodec.shared().decode(r.value(), JobEvent.class);
      assertThat(CLASS_NAME.matcher(String.valueOf(e.message())).find()).as("class name in event: " + e.message())
          .isFalse();
    }
  }

  /** A job record for the good slide whose {@code requestedBy} is the marker, with {@code more} fields at the end. */
  static String job(String jobId, String marker, String more) {
    return "{\"schema\":\"slidestream.job/1\",\"requestedBy\":\"" + marker + "\",\"jobId\":\"" + jobId
        + "\",\"slideUri\":\"" + good + "\",\"modelId\":\"tiny\"" + more + "}";
  }

  /** A job record padded by an unknown field to {@code bytes} bytes, of random letters or of x. */
  static String padded(String jobId, int bytes, boolean random) {
    String head = job(jobId, jobId, ",\"padding\":\"");
    head = head.substring(0, head.length() - 1);
    int n = bytes - head.length() - 2;
    return head + (random ? random(n) : "x".repeat(n)) + "\"}";
  }

  /** Letters and digits that do not compress below the limits this test sets. */
  static String random(int length) {
    java.util.Random r = new java.util.Random(length);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
