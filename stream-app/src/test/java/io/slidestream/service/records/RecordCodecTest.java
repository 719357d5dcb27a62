package io.slidestream.service.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.service.jobs.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private final RecordCodec codec = RecordCodec.shared();
  private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123Z");

  static TileRecord tile() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("Glass", 100L);
    counts.put("Tumor", 156L);
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("Glass", 0.4);
    means.put("Tumor", 0.6);
    return new TileRecord("job-1", "0123456789abcdef", 7, null, 3, 1, 1536, 512, 512, 512, 1.0, true, counts, means,
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, -1});
  }

  static MaskRecord mask() {
    Map<String, Double> areas = new LinkedHashMap<>();
    areas.put("Glass", 1.5e6);
    areas.put("Tumor", 2.5e5);
    return new MaskRecord("job-1", "0123456789abcdef",
        List.of(new OutputFile("mask-tiff", "file:///out/job-1/0123456789abcdef.mask.tif", "ab".repeat(32), 1234)),
        areas, 42, 1.0, new JobTimings(5L, 1000, 300L, 600L), "tissue", "cd".repeat(32));
  }

  @Test
  void everyRecordRoundTripsWithItsSchemaFirst() throws Exception {
    List<Object> records = List.of(
        new JobRecord("job-1", "/slides/a.svs", "tissue", 1.0, new JobOptions(256, 32, List.of("mask-tiff")), "lims"),
        JobRecord.of("job-2", "file:///slides/b.svs", null),
        tile(), tile().withTileCount(8), mask(),
        JobEvent.progress("job-1", "0123456789abcdef", 3, 8, AT),
        JobEvent.failed("job-1", null, "SLIDE_NOT_FOUND", "no such file", AT),
        new DeadLetter(RejectionReason.PATH_NOT_ALLOWED, "outside the allowed roots", "job-1", "{\"jobId\":\"job-1\"}",
            "slidestream.jobs", 2, 17L, AT));
    for (Object r : records) {
      byte[] bytes = codec.encode(r);
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertThat(text).startsWith("{\"schema\":\"" + RecordCodec.schemaOf(r.getClass()) + "\"");
      assertThat(codec.decode(bytes, r.getClass())).as(text).isEqualTo(r);
    }
  }

  @Test
  void schemasNameTheKindAndMajorVersion() {
    assertThat(RecordCodec.schemaOf(JobRecord.class)).isEqualTo("slidestream.job/1");
    assertThat(RecordCodec.schemaOf(TileRecord.class)).isEqualTo("slidestream.tile/1");
    assertThat(RecordCodec.schemaOf(MaskRecord.class)).isEqualTo("slidestream.mask/1");
    assertThat(RecordCodec.schemaOf(JobEvent.class)).isEqualTo("slidestream.event/1");
    assertThat(RecordCodec.schemaOf(DeadLetter.class)).isEqualTo("slidestream.dead-letter/1");
  }

  @Test
  void jsonIsReadableAsDocumented() throws Exception {
    JsonNode t = new ObjectMapper().readTree(codec.encode(tile().withTileCount(8)));
    assertThat(t.get("tileCount").asInt()).isEqualTo(8);
    assertThat(t.get("labelPng").asText()).as("bytes are base64").isEqualTo("iVBORwD/");
    assertThat(t.at("/pixelCounts/Tumor").asLong()).isEqualTo(156);
    JsonNode e = new ObjectMapper().readTree(codec.encode(JobEvent.accepted("j", "s", AT)));
    assertThat(e.get("timestamp").asText()).isEqualTo("2025-03-01T10:15:30.123Z");
    assertThat(e.get("type").asText()).isEqualTo("ACCEPTED");
    JsonNode job = new ObjectMapper().readTree(codec.encode(JobRecord.of("j", "/s.svs", null)));
    assertThat(job.has("modelId")).as("absent optional fields are left out").isFalse();
  }

  @Test
  void unknownFieldsAreIgnoredAndAMinorVersionIsAccepted() {
    String json = """
        {"schema":"slidestream.job/1.4","jobId":"job-9","slideUri":"/slides/x.svs","priority":"high",
         "options":{"tileSize":512,"colourSpace":"lab"},"extra":{"nested":[1,2,3]}}
        """;
    JobRecord job = codec.decode(json, JobRecord.class);
    assertThat(job).isEqualTo(new JobRecord("job-9", "/slides/x.svs", null, null, new JobOptions(512, null, null), null));
  }

  @Test
  void notJsonIsMalformed() {
    assertThatThrownBy(() -> codec.decode("{\"jobId\": ", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> codec.decode("not json at all", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> codec.decode(new byte[0], JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("empty record");
    assertThatThrownBy(() -> codec.decode("[1,2]", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("not a JSON object");
  }

  @Test
  void aMissingOrUnsupportedSchemaIsMalformed() {
    assertThatThrownBy(() -> codec.decode("{\"jobId\":\"j\",\"slideUri\":\"/a.svs\"}", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("missing required field 'schema'");
    assertThatThrownBy(() -> codec.decode("{\"schema\":\"slidestream.job/2\",\"jobId\":\"j\",\"slideUri\":\"/a\"}",
        JobRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("unsupported schema version slidestream.job/2").hasMessageContaining("slidestream.job/1");
    assertThatThrownBy(() -> codec.decode("{\"schema\":\"slidestream.tile/1\",\"jobId\":\"j\"}", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("a slidestream.tile record where a slidestream.job record was expected");
    assertThatThrownBy(() -> codec.decode("{\"schema\":42,\"jobId\":\"j\"}", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("malformed schema 42");
  }

  @Test
  void missingOrInvalidRequiredFieldsAreMalformedAndNamed() {
    assertThatThrownBy(() -> codec.decode("{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\"}", JobRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessage("invalid slidestream.job/1 record: missing required field 'slideUri'");
    assertThatThrownBy(() -> codec.decode("{\"schema\":\"slidestream.job/1\",\"jobId\":\"  \",\"slideUri\":\"/a\"}",
        JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("missing required field 'jobId'");
    assertThatThrownBy(() -> codec.decode(
        "{\"schema\":\"slidestream.job/1\",\"jobId\":\"j\",\"slideUri\":\"/a\",\"options\":{\"tileSize\":\"big\"}}",
        JobRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("field 'options.tileSize'");
    String tile = codec.toJson(tile()).replace("\"tileIndex\":7,", "");
    assertThatThrownBy(() -> codec.decode(tile, TileRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("missing required field 'tileIndex'");
    String nullIndex = codec.toJson(tile()).replace("\"tileIndex\":7", "\"tileIndex\":null");
    assertThatThrownBy(() -> codec.decode(nullIndex, TileRecord.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("tileIndex");
    String badTime = codec.toJson(JobEvent.accepted("j", "s", AT)).replace("2025-03-01T10:15:30.123Z", "yesterday");
    assertThatThrownBy(() -> codec.decode(badTime, JobEvent.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("timestamp");
    String badType = codec.toJson(JobEvent.accepted("j", "s", AT)).replace("ACCEPTED", "EXPLODED");
    assertThatThrownBy(() -> codec.decode(badType, JobEvent.class))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("type");
  }

  @Test
  void onlyServiceRecordsAreEncoded() {
    assertThatThrownBy(() -> codec.encode("a string")).isInstanceOf(IllegalArgumentException.class);
  }
}
