package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.kafka.SlidestreamService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slidestream submit} through picocli against a service that, with no brokers configured,
 * started the embedded broker and left its address for submit to find.
 */
class SubmitCommandTest {

  @TempDir static Path dir;
  static SlidestreamService service;
  static Path slide;
  static Path addressFile;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    TinyModels.save(dir.resolve("models"), "tiny", 2.0);
    slide = TestSlides.synthetic(dir.resolve("slides"), "case-7", 1024, 768, 7);
    addressFile = dir.resolve("kafka.address");
    service = SlidestreamService.start(ConfigFactory.parseMap(Map.of(
            "slidestream.kafka.bootstrap-servers", "",
            "slidestream.embedded-broker.data-dir", dir.resolve("kafka").toString(),
            "slidestream.embedded-broker.address-file", addressFile.toString(),
            "slidestream.models.store", dir.resolve("models").toString(),
            "slidestream.outputs.store", dir.resolve("outputs").toString(),
            "slidestream.jobs.allowed-roots", List.of(dir.resolve("slides").toString())))
        .withFallback(SlidestreamConfig.load()).resolve());
    System.setProperty("slidestream.embedded-broker.address-file", addressFile.toString());
  }

  @AfterAll
  static void stop() {
    System.clearProperty("slidestream.embedded-broker.address-file");
    if (service != null) {
      service.close();
      assertThat(addressFile).as("a clean shutdown removes the address").doesNotExist();
    }
  }

  @Test
  void theServiceStartedTheEmbeddedBrokerAndLeftItsAddress() {
    assertThat(service.embeddedBroker()).isTrue();
    assertThat(addressFile).content().isEqualToIgnoringNewLines(service.bootstrapServers());
  }

  @Test
  void submitFollowsTheJobToItsMaskAndPrintsWhereTheOutputsAre() {
    var r = SlidestreamCommandTest.run("submit", slide.toString(), "--model", "tiny", "--job-id", "cli-1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("submitted job cli-1").contains("accepted by the service").contains("tiles");
    assertThat(r.out()).containsPattern("job cli-1 finished: \\d+ tiles");
    Matcher m = Pattern.compile("(?m)^mask-tiff: +(\\S+)$").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    Path mask = Path.of(m.group(1));
    assertThat(mask).exists();
    assertThat(mask.getParent()).isEqualTo(dir.resolve("outputs/cli-1"));
    assertThat(r.out()).contains("overview-png:").contains("geojson:").contains("areas-json:");
  }

  @Test
  void aJobTheServiceRefusesEndsWithItsReasonAndExitStatus65() {
    var r = SlidestreamCommandTest.run("submit", slide.toString(), "--model", "no-such-model", "--job-id", "cli-2");
    assertThat(r.exit()).isEqualTo(SubmitCommand.EXIT_JOB_FAILED);
    assertThat(r.err()).contains("job cli-2 failed, UNKNOWN_MODEL").contains("no-such-model");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void noWaitOnlyPublishesAndPrintsTheJobId() {
    var r = SlidestreamCommandTest.run("submit", slide.toString(), "--model", "tiny", "--job-id", "cli-3",
        "--no-wait");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("cli-3" + System.lineSeparator());
  }

  @Test
  void withoutBrokersOrARunningServiceSubmitSaysWhatToDo() {
    System.setProperty("slidestream.embedded-broker.address-file", dir.resolve("nowhere.address").toString());
    try {
      var r = SlidestreamCommandTest.run("submit", slide.toString());
      assertThat(r.exit()).isEqualTo(ErrorReporter.EXIT_USAGE);
      assertThat(r.err()).contains("no Kafka brokers configured").contains("slidestream serve");
    } finally {
      System.setProperty("slidestream.embedded-broker.address-file", addressFile.toString());
    }
  }
}
