package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.RecordCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Decode and validate, without a broker: every bad record becomes one dead letter, never an exception. */
class JobIntakeTest {

  static final Instant NOW = Instant.parse("2025-04-01T08:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final JobIntake intake = new JobIntake(RecordCodec.shared(), FakeJobs::job, clock);

  @Test
  void aValidJobIsAccepted() {
    Intake in = intake.take(FakeJobs.record(3, "k", FakeJobs.json("job-a")));
    assertThat(in).isInstanceOfSatisfying(Intake.Accepted.class, a -> {
      assertThat(a.record().jobId()).isEqualTo("job-a");
      assertThat(a.job().slideId()).isEqualTo(FakeJobs.slideId("job-a"));
    });
  }

  @Test
  void unknownFieldsAreIgnored() {
    String json = "{\"schema\":\"slidestream.job/1\",\"jobId\":\"job-u\",\"slideUri\":\"/s/u.svs\","
        + "\"modelId\":\"tiny\",\"priority\":\"urgent\",\"extra\":{\"nested\":[1,2]}}";
    assertThat(intake.take(FakeJobs.record(0, "k", json))).isInstanceOf(Intake.Accepted.class);
  }

  @Test
  void malformedJsonIsADeadLetterWithTheOriginalAndNoEvent() {
    Intake in = intake.take(FakeJobs.record(41, "the-key", "{\"jobId\": \"x\", oops"));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.key()).isEqualTo("the-key");
      assertThat(r.failed()).as("no job id could be read, so no event").isEmpty();
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
      assertThat(r.deadLetter().message()).contains("not valid JSON");
      assertThat(r.deadLetter().originalRecord()).isEqualTo("{\"jobId\": \"x\", oops");
      assertThat(r.deadLetter().topic()).isEqualTo(FakeJobs.TOPIC);
      assertThat(r.deadLetter().partition()).isZero();
      assertThat(r.deadLetter().offset()).isEqualTo(41L);
      assertThat(r.deadLetter().timestamp()).isEqualTo(NOW);
    });
  }

  @Test
  void aMissingRequiredFieldIsMalformed() {
    Intake in = intake.take(FakeJobs.record(0, null, "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\"}"));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
      assertThat(r.deadLetter().message()).contains("slideUri");
      assertThat(r.key()).isNull();
    });
  }

  @Test
  void emptyAndUndecodableValuesAreMalformedAndKeptReadably() {
    Intake empty = intake.take(FakeJobs.record(0, "k", (byte[]) null));
    assertThat(empty).isInstanceOfSatisfying(Intake.Rejected.class,
        r -> assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD));
    Intake binary = intake.take(FakeJobs.record(1, "k", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b}));
    assertThat(binary).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
      assertThat(r.deadLetter().originalRecord()).contains("\uFFFD");
    });
  }

  @Test
  void aHugeOriginalIsCutToWhatADeadLetterCanCarry() {
    String huge = "x".repeat(JobIntake.MAX_ORIGINAL_CHARS + 10);
    Intake in = intake.take(FakeJobs.record(0, "k", huge));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r ->
        assertThat(r.deadLetter().originalRecord()).hasSizeLessThan(JobIntake.MAX_ORIGINAL_CHARS + 100)
            .endsWith("[10 more characters cut]"));
  }

  @Test
  void aRejectedJobGetsItsReasonAndAFailedEvent() {
    JobIntake refusing = new JobIntake(RecordCodec.shared(), r -> {
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL, "no model 'tiny' in the store");
    }, clock);
    Intake in = refusing.take(FakeJobs.record(5, "k5", FakeJobs.json("job-r")));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.UNKNOWN_MODEL);
      assertThat(r.deadLetter().jobId()).isEqualTo("job-r");
      assertThat(r.deadLetter().message()).isEqualTo("no model 'tiny' in the store");
      JobEvent e = r.failed().orElseThrow();
      assertThat(e.type()).isEqualTo(JobEvent.Type.FAILED);
      assertThat(e.jobId()).isEqualTo("job-r");
      assertThat(e.slideId()).isNull();
      assertThat(e.reason()).isEqualTo("UNKNOWN_MODEL");
    });
  }

  @Test
  void aValidatorBugStillEndsAsADeadLetter() {
    JobIntake broken = new JobIntake(RecordCodec.shared(), r -> {
      throw new NullPointerException("oops");
    }, clock);
    Intake in = broken.take(FakeJobs.record(0, "k", FakeJobs.json("job-b")));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.PROCESSING_FAILED);
      assertThat(r.deadLetter().message()).contains("NullPointerException").contains("oops");
      assertThat(r.failed()).isPresent();
    });
  }
}
