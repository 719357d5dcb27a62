package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad job records against a running service, each its own test: every one gives exactly one dead
 * letter with a clear reason (and a FAILED event when it had a job id), and a valid job sent after
 * it to the same partition is still processed: the partition is not blocked.
 */
class BadInputTest {

  @TempDir static Path dir;
  static KafkaTestBed bed;
  static SlidestreamService service;
  static Path slides;
  static Path good;
  static final ServiceTopics TOPICS = KafkaTestBed.topics("bad");
  static Published out;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
    Path work = dir.resolve("work");
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

  /** Sends the bad value, then a valid job, both to partition 0; waits for the valid job's mask. */
  static void sendThenValid(String marker, String... badValues) throws Exception {
    for (String v : badValues) {
      bed.send(TOPICS.jobs(), 0, "bad-input", v);
    }
    String after = marker + "-after";
    bed.send(TOPICS.jobs(), 0, "bad-input", JobRecord.of(after, good.toString(), "tiny"));
    out.awaitMasks(Duration.ofSeconds(60), after);
    assertThat(out.masks(after)).as("the valid job after the bad one").hasSize(1);
  }

  static DeadLetter oneDeadLetter(String marker, RejectionReason reason) throws Exception {
    List<DeadLetter> letters = out.deadLetters(marker);
    assertThat(letters).as("dead letters of " + marker).hasSize(1);
    DeadLetter d = letters.get(0);
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.topic()).isEqualTo(TOPICS.jobs());
    assertThat(d.partition()).isZero();
    assertThat(d.offset()).isNotNull();
    assertThat(d.message()).isNotBlank();
    return d;
  }

  static void failedEvent(String jobId, RejectionReason reason) throws Exception {
    List<JobEvent> events = out.events(jobId);
    assertThat(events).as("events of " + jobId).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(JobEvent.Type.FAILED);
      assertThat(e.reason()).isEqualTo(reason.name());
    });
  }

  @Test
  void malformedJson() throws Exception {
    String value = "{\"schema\":\"slidestream.job/1\",\"jobId\":\"bad-json\",\"slideUri\":";
    sendThenValid("bad-json", value);
    DeadLetter d = oneDeadLetter("bad-json", RejectionReason.MALFORMED_RECORD);
    assertThat(d.message()).contains("not valid JSON");
    assertThat(d.originalRecord()).isEqualTo(value);
    assertThat(d.jobId()).isNull();
    assertThat(out.events("bad-json")).as("no job id could be read, so no event").isEmpty();
  }

  @Test
  void unknownFieldsOnlyAreAcceptedAndProcessed() throws Exception {
    String value = "{\"schema\":\"slidestream.job/1\",\"jobId\":\"bad-unknown\",\"slideUri\":\"" + good
        + "\",\"modelId\":\"tiny\",\"priority\":\"stat\",\"lims\":{\"case\":\"X-17\",\"blocks\":[1,2]}}";
    sendThenValid("bad-unknown", value);
    assertThat(out.masks("bad-unknown")).hasSize(1);
    assertThat(out.deadLetters("bad-unknown")).isEmpty();
  }

  @Test
  void missingSlide() throws Exception {
    JobRecord job = JobRecord.of("bad-missing", slides.resolve("no-such-slide.svs").toString(), "tiny");
    sendThenValid("bad-missing", json(job));
    assertThat(oneDeadLetter("bad-missing", RejectionReason.SLIDE_NOT_FOUND).jobId()).isEqualTo("bad-missing");
    failedEvent("bad-missing", RejectionReason.SLIDE_NOT_FOUND);
  }

  @Test
  void pathsOutsideTheAllowedRoots() throws Exception {
    sendThenValid("bad-outside", json(JobRecord.of("bad-outside-1", slides + "/../../etc/passwd", "tiny")),
        json(JobRecord.of("bad-outside-2", "../../etc/passwd", "tiny")));
    oneDeadLetter("bad-outside-1", RejectionReason.PATH_NOT_ALLOWED);
    oneDeadLetter("bad-outside-2", RejectionReason.PATH_NOT_ALLOWED);
    failedEvent("bad-outside-1", RejectionReason.PATH_NOT_ALLOWED);
    failedEvent("bad-outside-2", RejectionReason.PATH_NOT_ALLOWED);
  }

  @Test
  void aSymlinkThatEscapesTheAllowedRoots() throws Exception {
    Path outside = TestSlides.synthetic(dir.resolve("outside"), "secret", 512, 512, 9);
    Path link = Files.createSymbolicLink(slides.resolve("innocent.synthetic.json"), outside);
    sendThenValid("bad-symlink", json(JobRecord.of("bad-symlink", link.toString(), "tiny")));
    oneDeadLetter("bad-symlink", RejectionReason.PATH_NOT_ALLOWED);
    failedEvent("bad-symlink", RejectionReason.PATH_NOT_ALLOWED);
  }

  @Test
  void aCorruptSlide() throws Exception {
    Path truncated = TestSlides.truncatedSvs(Files.createDirectories(slides.resolve("corrupt")));
    sendThenValid("bad-corrupt", json(JobRecord.of("bad-corrupt", truncated.toString(), "tiny")));
    oneDeadLetter("bad-corrupt", RejectionReason.SLIDE_CORRUPT);
    failedEvent("bad-corrupt", RejectionReason.SLIDE_CORRUPT);
  }

  @Test
  void anUnknownModel() throws Exception {
    sendThenValid("bad-model", json(JobRecord.of("bad-model", good.toString(), "no-such-model")));
    DeadLetter d = oneDeadLetter("bad-model", RejectionReason.UNKNOWN_MODEL);
    assertThat(d.message()).contains("no-such-model").contains("tiny");
    failedEvent("bad-model", RejectionReason.UNKNOWN_MODEL);
  }

  @Test
  void aSlideClaimingAnAbsurdSize() throws Exception {
    Path huge = TestSlides.claimingTiff(slides.resolve("huge.tif"), 10_000_000);
    sendThenValid("bad-huge", json(JobRecord.of("bad-huge", huge.toString(), "tiny")));
    DeadLetter d = oneDeadLetter("bad-huge", RejectionReason.SLIDE_TOO_LARGE);
    assertThat(d.message()).contains("10000000x10000000");
    failedEvent("bad-huge", RejectionReason.SLIDE_TOO_LARGE);
  }

  static String json(JobRecord job) {
    return io.slidestream.service.records.RecordCodec.shared().toJson(job);
  }
}
