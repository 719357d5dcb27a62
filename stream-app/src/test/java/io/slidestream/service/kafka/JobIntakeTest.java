package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
    String huge = "x".repeat(JobIntake.MAX_ORIGINAL_BYTES + 10);
    Intake in = intake.take(FakeJobs.record(0, "k", huge));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().originalRecord()).hasSizeLessThan(JobIntake.MAX_ORIGINAL_BYTES)
          .endsWith(" more characters cut]");
      assertThat(r.deadLetter().message()).isEqualTo("the job record has " + huge.length()
          + " bytes, more than the limit of " + JobRecord.MAX_VALUE_BYTES);
    });
  }

  @Test
  void theOriginalIsCutByItsEscapedBytesNotByCharacters() {
    // A control character takes 6 bytes once JSON-escaped, a CJK letter 3, an emoji 4 for 2 chars:
    // a cut by characters would let such a record's dead letter grow several times its budget.
    for (String unit : List.of("\u0001", "\u6f22", "\ud83d\ude00", "\"", "e\u0301")) {
      String value = unit.repeat(JobIntake.MAX_ORIGINAL_BYTES);
      Intake in = intake.take(FakeJobs.record(0, "k", value));
      assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
        String original = r.deadLetter().originalRecord();
        int encoded = RecordCodec.shared().toJson(r.deadLetter()).getBytes(StandardCharsets.UTF_8).length
            - RecordCodec.shared().toJson(withoutOriginal(r.deadLetter())).getBytes(StandardCharsets.UTF_8).length;
        assertThat(encoded).as("escaped bytes of the original of " + unit.codePointAt(0))
            .isLessThanOrEqualTo(JobIntake.MAX_ORIGINAL_BYTES)
            .isGreaterThan(JobIntake.MAX_ORIGINAL_BYTES - 100);
        assertThat(original).endsWith(" more characters cut]");
      });
    }
  }

  static DeadLetter withoutOriginal(DeadLetter d) {
    return new DeadLetter(d.reason(), d.message(), d.jobId(), null, d.topic(), d.partition(), d.offset(),
        d.timestamp());
  }

  @Test
  void anOversizedJobIdIsRefusedWithoutRepeatingIt() {
    String id = "a".repeat(600_000);
    Intake in = intake.take(FakeJobs.record(0, "k", "{\"schema\":\"slidestream.job/1\",\"jobId\":\"" + id
        + "\",\"slideUri\":\"/s/a.svs\"}"));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
      assertThat(r.deadLetter().jobId()).isNull();
      assertThat(r.failed()).isEmpty();
      assertThat(r.deadLetter().message()).contains("65536").doesNotContain("aaaa");
    });
  }

  @Test
  void eachFieldHasALimitNamedInTheMessageWithoutTheValue() {
    String big = "q".repeat(5000);
    Map<String, String> cases = Map.of(
        "jobId", "{\"schema\":\"slidestream.job/1\",\"jobId\":\"" + big.substring(0, 201) + "\",\"slideUri\":\"/s/a\"}",
        "slideUri", "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\",\"slideUri\":\"/" + big + "\"}",
        "modelId", "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\",\"slideUri\":\"/s/a\",\"modelId\":\"" + big.substring(0, 201) + "\"}",
        "requestedBy", "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\",\"slideUri\":\"/s/a\",\"requestedBy\":\"" + big.substring(0, 257) + "\"}",
        "options.outputs", "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\",\"slideUri\":\"/s/a\",\"options\":{\"outputs\":[\""
            + big.substring(0, 65) + "\"]}}");
    cases.forEach((field, json) -> assertThat(intake.take(FakeJobs.record(0, "k", json)))
        .isInstanceOfSatisfying(Intake.Rejected.class, r -> {
          assertThat(r.deadLetter().reason()).as(field).isEqualTo(RejectionReason.MALFORMED_RECORD);
          assertThat(r.deadLetter().message()).as(field).contains("'" + field + "'").contains("limit of")
              .doesNotContain("qqqq");
        }));
    String manyOutputs = "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\",\"slideUri\":\"/s/a\",\"options\":{\"outputs\":["
        + String.join(",", java.util.Collections.nCopies(17, "\"geojson\"")) + "]}}";
    assertThat(intake.take(FakeJobs.record(0, "k", manyOutputs))).isInstanceOfSatisfying(Intake.Rejected.class,
        r -> assertThat(r.deadLetter().message()).contains("'options.outputs' has 17 entries, more than the limit of 16"));
  }

  @Test
  void aRecordThatDoesNotDecodeKeepsAValidJobIdAndGetsAFailedEvent() {
    Intake in = intake.take(FakeJobs.record(2, "k", "{\"schema\":\"slidestream.job/2\",\"jobId\":\"job-v2\","
        + "\"slideUri\":\"/s/a.svs\"}"));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
      assertThat(r.deadLetter().jobId()).isEqualTo("job-v2");
      assertThat(r.failed()).hasValueSatisfying(e -> {
        assertThat(e.jobId()).isEqualTo("job-v2");
        assertThat(e.reason()).isEqualTo("MALFORMED_RECORD");
      });
    });
    // Not an id that could name a directory, not a string, given twice, or not one JSON object: none.
    for (String json : List.of(
        "{\"schema\":\"slidestream.job/2\",\"jobId\":\"../etc\",\"slideUri\":\"/s/a.svs\"}",
        "{\"schema\":\"slidestream.job/2\",\"jobId\":42,\"slideUri\":\"/s/a.svs\"}",
        "{\"jobId\":\"a\",\"jobId\":\"b\",\"slideUri\":\"/s/a.svs\"}",
        "{\"jobId\":\"a\",\"slideUri\":",
        "[{\"jobId\":\"a\"}]")) {
      assertThat(intake.take(FakeJobs.record(0, "k", json))).as(json).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
        assertThat(r.deadLetter().jobId()).as(json).isNull();
        assertThat(r.failed()).as(json).isEmpty();
      });
    }
  }

  @Test
  void duplicateKeysAreMalformedSoAFilterOnTheFirstCannotBeBypassed() {
    String json = "{\"schema\":\"slidestream.job/1\",\"jobId\":\"job-dup\",\"slideUri\":\"/s/allowed.svs\","
        + "\"slideUri\":\"/etc/passwd\"}";
    Intake in = intake.take(FakeJobs.record(0, "k", json));
    assertThat(in).isInstanceOfSatisfying(Intake.Rejected.class, r -> {
      assertThat(r.deadLetter().reason()).isEqualTo(RejectionReason.MALFORMED_RECORD);
      assertThat(r.deadLetter().message()).contains("Duplicate field 'slideUri'");
      assertThat(r.deadLetter().jobId()).as("the id is readable and valid").isEqualTo("job-dup");
      assertThat(r.failed()).isPresent();
    });
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
      assertThat(r.deadLetter().message()).isEqualTo("the job could not be validated: an internal error");
      assertThat(r.failed()).isPresent();
    });
  }
}
