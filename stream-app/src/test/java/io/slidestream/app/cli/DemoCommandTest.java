package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slidestream demo} end to end with a small slide and a few training iterations: the
 * embedded broker, the service, the trained model, the mask; a second run reuses slide and model.
 */
class DemoCommandTest {

  @TempDir Path dir;

  @BeforeEach
  void workDir() {
    System.setProperty("slidestream.work-dir", dir.toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("slidestream.work-dir");
  }

  static Path output(String out, String label) {
    Matcher m = Pattern.compile("(?m)^ +" + label + ": +(\\S+)$").matcher(out);
    assertThat(m.find()).as(label + " in\n" + out).isTrue();
    return Path.of(m.group(1));
  }

  @Test
  void trainsSubmitsAndPrintsWhereTheOutputsAreThenReusesSlideAndModel() {
    var first = SlidestreamCommandTest.run("demo", "--slide-size", "1024", "--train-minutes", "0.01",
        "--max-iterations", "4");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("slide: writing").contains("model: 4 iterations")
        .contains("registered as 'demo-synthetic'").contains("accepted by the service");
    Path mask = output(first.out(), "mask");
    assertThat(mask).exists().startsWith(dir.resolve("outputs"));
    assertThat(output(first.out(), "overview")).exists();
    assertThat(output(first.out(), "GeoJSON")).exists();
    assertThat(output(first.out(), "slide")).isEqualTo(dir.resolve("slides/demo/demo-synthetic-1024-s42.svs")).exists();
    assertThat(output(first.out(), "model")).isEqualTo(dir.resolve("models/demo-synthetic.model.zip")).exists();

    var second = SlidestreamCommandTest.run("demo", "--slide-size", "1024");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.err()).contains("slide: reusing").contains("model: reusing").doesNotContain("training");
    assertThat(output(second.out(), "mask")).exists().isNotEqualTo(mask);
  }
}
