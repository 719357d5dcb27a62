package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.testdata.PendingFileChecks;
import io.slidestream.testdata.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slidestream info} and {@code slidestream region} on the real SVS and on bad input. */
class SlideCommandsTest {

  @TempDir Path dir;

  @Test
  void infoPrintsTheSlideAsJsonWithoutVendorMetadata() throws Exception {
    for (String reader : new String[] {"tiff", "openslide"}) {
      var r = SlidestreamCommandTest.run("info", "--reader", reader, SharedData.cmuSmallRegion().toString());
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(r.out());
      assertThat(json.get("reader").asText()).isEqualTo(reader);
      assertThat(json.get("vendor").asText()).isEqualTo("aperio");
      assertThat(json.at("/levels/0/width").asLong()).isEqualTo(2220);
      assertThat(json.at("/levels/0/height").asLong()).isEqualTo(2967);
      assertThat(json.get("micronsPerPixelX").asDouble()).isBetween(0.49, 0.51);
      assertThat(r.out()).doesNotContain("Aperio Image Library").doesNotContain("ScanScope");
    }
  }

  @Test
  void regionWritesExactlyTheReadersPixelsAsPng() throws Exception {
    Path png = dir.resolve("out/region.png");
    Path svs = SharedData.cmuSmallRegion();
    // Written through a pending file: a part a killed earlier run left goes, nothing else is left.
    PendingFileChecks.abandonedPart(png);
    var r = SlidestreamCommandTest.run("region", svs.toString(), "--x", "1000", "--y", "1500",
        "--width", "300", "--height", "200", "--out", png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    PendingFileChecks.onlyFiles(png.getParent(), png);
    RgbRaster written = RgbRaster.fromBufferedImage(ImageIO.read(png.toFile()));
    try (SlideReader reader = SlideReaders.open(svs)) {
      assertThat(written).isEqualTo(reader.readRegion(0, 1000, 1500, 300, 200));
    }
  }

  @Test
  void badSlidesGiveOneClearLineAndADistinctExitCode() throws Exception {
    var missing = SlidestreamCommandTest.run("info", dir.resolve("nope.svs").toString());
    assertThat(missing.exit()).isEqualTo(ErrorReporter.EXIT_NO_INPUT);
    assertThat(missing.err()).contains("no such file").doesNotContain("Exception");

    Path text = Files.writeString(dir.resolve("notes.svs"), "this is not a slide\n");
    var notSlide = SlidestreamCommandTest.run("info", text.toString());
    assertThat(notSlide.exit()).isEqualTo(ErrorReporter.EXIT_DATA_ERROR);
    assertThat(notSlide.err()).contains("unsupported slide").doesNotContain("\tat ");

    Path png = dir.resolve("never.png");
    var badLevel = SlidestreamCommandTest.run("region", SharedData.cmuSmallRegion().toString(), "--level", "5",
        "--x", "0", "--y", "0", "--width", "10", "--height", "10", "--out", png.toString());
    assertThat(badLevel.exit()).isEqualTo(2);
    assertThat(badLevel.err()).contains("level 5 does not exist");
    assertThat(png).doesNotExist();
  }
}
