package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.RecordCodec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slidestream predict} through picocli, on a small synthetic slide and a tiny model. */
class PredictCommandTest {

  @TempDir Path dir;

  Path slide;
  Path model;

  @BeforeEach
  void setUp() throws Exception {
    slide = TestSlides.synthetic(dir.resolve("slides"), "case-1", 2000, 1500, 11);
    model = TinyModels.save(dir.resolve("models"), "tissue", 2.0);
    System.setProperty("slidestream.models.store", dir.resolve("models").toString());
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("slidestream.models.store");
  }

  @Test
  void predictsASlideWritesItsOutputsAndReportsProgressAsLines() throws Exception {
    var r = SlidestreamCommandTest.run("predict", slide.toString(), "--model", model.toString(),
        "--out", dir.resolve("out").toString(), "--outputs", "mask-tiff,overview-png,areas-json", "--progress", "lines");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("predict: 0/88 tiles (0%)").contains("predict: 88/88 tiles (100%)")
        .doesNotContain("\r");
    assertThat(r.err().lines().filter(l -> l.startsWith("predict: ")).count()).isBetween(5L, 12L);
    assertThat(r.out()).containsPattern("slide [0-9a-f]{16}: 88 tiles at 2.0 µm/px, model tissue");
    Matcher m = Pattern.compile("mask-tiff +(\\S+)  \\((\\d+) bytes\\)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    Path mask = Path.of(m.group(1));
    assertThat(mask).exists().hasSize(Long.parseLong(m.group(2)));
    assertThat(mask.getParent()).isEqualTo(dir.resolve("out/predict"));
    assertThat(mask.getFileName().toString()).matches("[0-9a-f]{16}\\.mask\\.tif");
    assertThat(r.out()).contains("overview-png").contains("areas-json").contains("areas: Glass");
  }

  @Test
  void modelsByIdFromTheStoreAndTheMaskRecordAsJson() {
    var r = SlidestreamCommandTest.run("predict", slide.toString(), "--model", "tissue", "--out",
        dir.resolve("out").toString(), "--job-id", "case-1", "--outputs", "mask-tiff", "--progress", "none", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("tiles");
    MaskRecord mask = RecordCodec.shared().decode(r.out().trim(), MaskRecord.class);
    assertThat(mask.jobId()).isEqualTo("case-1");
    assertThat(mask.tileCount()).isEqualTo(88);
    assertThat(Path.of(URI.create(mask.outputs().get(0).uri()))).exists();
  }

  @Test
  void aBarOnATerminalIsRedrawnInPlace() {
    var r = SlidestreamCommandTest.run("predict", slide.toString(), "--model", model.toString(), "--out",
        dir.resolve("out").toString(), "--outputs", "areas-json", "--progress", "bar");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("\rpredict [").contains("] 88/88 tiles 100%");
  }

  @Test
  void problemsAreOneLineWithTheReasonAndAnExitCode() throws Exception {
    var missing = SlidestreamCommandTest.run("predict", dir.resolve("slides/nope.svs").toString(), "--model",
        model.toString(), "--out", dir.resolve("out").toString());
    assertThat(missing.exit()).isEqualTo(ErrorReporter.EXIT_NO_INPUT);
    assertThat(missing.err()).contains("predict: SLIDE_NOT_FOUND");

    var unknown = SlidestreamCommandTest.run("predict", slide.toString(), "--model", "nuclei");
    assertThat(unknown.exit()).isEqualTo(ErrorReporter.EXIT_USAGE);
    assertThat(unknown.err()).contains("UNKNOWN_MODEL").contains("no model 'nuclei'").contains("known: tissue");

    var options = SlidestreamCommandTest.run("predict", slide.toString(), "--model", "tissue", "--tile-size", "50");
    assertThat(options.exit()).isEqualTo(ErrorReporter.EXIT_USAGE);
    assertThat(options.err()).contains("INVALID_OPTIONS").contains("multiple of 16");

    Path garbage = Files.writeString(dir.resolve("slides/garbage.svs"), "no pixels here ".repeat(50));
    var corrupt = SlidestreamCommandTest.run("predict", garbage.toString(), "--model", "tissue");
    assertThat(corrupt.exit()).isEqualTo(ErrorReporter.EXIT_DATA_ERROR);
    assertThat(corrupt.err()).contains("SLIDE_UNSUPPORTED");
    assertThat(List.of(missing.out(), unknown.out(), options.out(), corrupt.out())).allMatch(String::isEmpty);
  }
}
