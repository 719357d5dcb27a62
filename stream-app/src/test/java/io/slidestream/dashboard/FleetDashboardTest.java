package io.slidestream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.app.cli.TrainCommandFixtures;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.CliProcess;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.kafka.SlidestreamService;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.RecordCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet dashboard with real parts: the embedded broker; one service instance ({@code node-a})
 * in this JVM, a second one ({@code node-b}) as a {@code serve} process; the dashboard as a
 * {@code slidestream dashboard} process of its own, reading only the topics; and Debian's
 * Chromium in headless mode showing the page, which is opened before anything happens so that
 * everything it shows arrives as live updates (server-sent events), with no reload.
 *
 * <p>A good and a bad job are submitted: the good one must appear in flight with a tile bar,
 * then as finished with n of n tiles (n as its mask record says) and its overview thumbnail
 * loaded; the bad one as a dead letter with its reason and message. Then the second instance
 * joins: both are listed, each with its partitions; killed with SIGKILL (no clean stop, so no
 * STOPPED record) it shows as gone within {@code gone-after} heartbeat intervals; the first,
 * stopped cleanly, shows as stopped. A restarted dashboard shows the same from the topics. The page
 * never shows a slide's path or file name.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetDashboardTest {

  /** In the slides' file names: must never reach the page. */
  static final String GOOD_TOKEN = "MRN4242GOOD";
  static final String BAD_TOKEN = "MRN4242MISSING";
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final int GONE_AFTER = 3;
  static final String RUN = "dash-train";

  @TempDir static Path dir;
  static EmbeddedKafkaBroker broker;
  static Path work;
  static SlidestreamService nodeA;
  static CliProcess dashboard;
  static String url;
  static HeadlessChromium browser;
  static CliProcess trainer;
  static CliProcess worker;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    broker = EmbeddedKafkaBroker.start(BrokerSettings.at(dir.resolve("kafka")));
    work = dir.resolve("work");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    nodeA = SlidestreamService.start(config("node-a"));
    assertThat(nodeA.instanceId()).isEqualTo("node-a");

    dashboard = CliProcess.start(dir, "dashboard", overrides(), false, "dashboard", "--port", "0");
    url = awaitUrl(dashboard);
    browser = HeadlessChromium.start(dir, 1400, 1000);
    browser.navigate(url);
    assertThat(browser.await("document.querySelector('#connection').dataset.state === 'live'", Duration.ofSeconds(30)))
        .as("the page connects to the live stream").isTrue();
    // Remembers every job row the page ever draws: what it showed while the job ran.
    browser.evaluate("""
        window.seenJobs = [];
        new MutationObserver(() => document.querySelectorAll('#jobs tbody tr').forEach(r => {
          const seen = r.dataset.jobId + ' ' + r.dataset.stage + ' ' + r.querySelector('.bar .label').textContent;
          if (!window.seenJobs.includes(seen)) window.seenJobs.push(seen);
        })).observe(document.querySelector('#jobs tbody'), { childList: true, subtree: true });
        true""");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {browser, trainer, worker, dashboard, nodeA}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the next one still closes
      }
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** The configuration every part shares: its own topics and group, 1 s heartbeats, a quick page. */
  static Map<String, Object> overrides() {
    Map<String, Object> o = new HashMap<>();
    o.put("slidestream.kafka.bootstrap-servers", broker.bootstrapServers());
    for (String role : List.of("jobs", "tiles", "masks", "events", "dead-letters", "training", "hem-snapshots",
        "hem-error-maps", "status")) {
      o.put("slidestream.topics." + role + ".name", "dash." + role);
      o.put("slidestream.topics." + role + ".partitions", role.equals("jobs") || role.equals("events") ? 2 : 1);
    }
    o.put("slidestream.kafka.consumer.group-id", "dash");
    o.put("slidestream.kafka.consumer.session-timeout", "10s");
    o.put("slidestream.work-dir", work.toString());
    o.put("slidestream.models.store", work.resolve("models").toString());
    o.put("slidestream.outputs.store", work.resolve("outputs").toString());
    o.put("slidestream.jobs.allowed-roots", List.of(work.resolve("slides").toString()));
    o.put("slidestream.status.interval", INTERVAL.toMillis() + "ms");
    o.put("slidestream.dashboard.gone-after", GONE_AFTER);
    o.put("slidestream.dashboard.refresh", "500ms");
    o.put("slidestream.dashboard.lag-interval", "1s");
    return o;
  }

  static Config config(String instance) {
    Map<String, Object> o = overrides();
    o.put("slidestream.kafka.consumer.group-instance-id", instance);
    return ConfigFactory.parseMap(o).withFallback(SlidestreamConfig.load()).resolve();
  }

  static String awaitUrl(CliProcess p) throws InterruptedException {
    Pattern line = Pattern.compile("slidestream dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(p.log());
      if (m.find()) {
        return m.group(1);
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the dashboard did not say where it listens; log:\n" + p.logTail());
  }

  @Test
  @Order(1)
  void aGoodJobShowsAsFinishedWithItsTilesAndThumbnailAndABadOneAsADeadLetterWithItsReason() throws Exception {
    // A real distributed training run meanwhile (trainer and error-map worker, two JVMs) for the training panel.
    Path trainConf = TrainCommandFixtures.hemTrainingFile(Files.createDirectories(dir.resolve("train")), RUN, 60);
    worker = CliProcess.start(dir, "hem-worker", overrides(), true, "hem-worker", "--config",
        trainConf.toString(), "--worker", "0", "--patience", "PT90S");
    trainer = CliProcess.start(dir, "trainer", overrides(), true, "train", "--config", trainConf.toString(),
        "--distributed");
    Path good = TestSlides.synthetic(work.resolve("slides"), GOOD_TOKEN, 2048, 1536, 17);
    Path bad = work.resolve("slides").resolve(BAD_TOKEN + ".svs");
    try (JobSubmitter submitter = new JobSubmitter(broker.bootstrapServers(), "dash.jobs")) {
      submitter.submit(JobRecord.of("dash-good", good.toString(), "tiny"));
      submitter.submit(JobRecord.of("dash-bad", bad.toString(), "tiny"));
    }

    String finished = "document.querySelector('#slides .card[data-job-id=\"dash-good\"] img')";
    String deadLetter = "document.querySelector('#dead-letters tbody tr[data-job-id=\"dash-bad\"]')";
    boolean shown = browser.await(finished + " && Number(" + finished + ".dataset.naturalWidth) > 0 && " + deadLetter,
        Duration.ofSeconds(150));
    String dom = browser.dom();
    Files.writeString(dir.resolve("dashboard.html"), dom);
    assertThat(shown).as("the finished job with its thumbnail and the dead letter, on the page:\n" + dom).isTrue();

    MaskRecord mask = masks().stream().filter(m -> m.jobId().equals("dash-good")).findFirst().orElseThrow();
    String card = browser.evaluate("document.querySelector('#slides .card[data-job-id=\"dash-good\"]').outerHTML")
        .asText();
    assertThat(card).as("the finished slide's card")
        .contains(">finished<")
        .contains(mask.tileCount() + " of " + mask.tileCount() + " tiles")
        .contains(mask.slideId())
        .contains("tiny " + mask.modelVersion().substring(0, 12))
        .contains("data-class=\"" + mask.areasUm2().keySet().iterator().next() + "\"");
    assertThat(browser.evaluate(finished + ".naturalWidth").asInt()).as("the thumbnail's width as loaded").isPositive();
    HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(url + "thumbnails/dash-good")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')
        .isEqualTo(Files.readAllBytes(work.resolve("outputs/dash-good/" + mask.slideId() + ".overview.png")));

    String row = browser.evaluate(deadLetter + ".outerHTML").asText();
    assertThat(row).as("the dead letter's row").contains(">SLIDE_NOT_FOUND<").contains("no slide file at the given path");
    assertThat(browser.evaluate("document.querySelector('#dead-reasons [data-reason=\"SLIDE_NOT_FOUND\"]').textContent")
        .asText()).as("dead letters by reason").contains("1");
    assertThat(browser.evaluate("document.querySelector('[data-outcome=\"finished\"] b').textContent").asText())
        .isEqualTo("1");
    assertThat(browser.evaluate("document.querySelector('[data-outcome=\"dead-lettered\"] b').textContent").asText())
        .isEqualTo("1");

    List<String> seen = new ArrayList<>();
    browser.evaluate("window.seenJobs").forEach(n -> seen.add(n.asText()));
    // In flight, as a live update showed it: running its tiles, or already writing its outputs
    // (a fast job may pass its tiles between two updates of a second).
    assertThat(seen).as("the job as the page showed it while it ran (live updates)")
        .anyMatch(s -> s.matches("dash-good (running|writing) \\d+ of " + mask.tileCount() + " tiles"));
    assertThat(browser.evaluate("document.querySelectorAll('#jobs tbody tr').length").asInt())
        .as("no job left in flight").isZero();
    assertThat(browser.evaluate("document.querySelector('#fleet tr[data-instance-id=\"node-a\"]').dataset.status")
        .asText()).isEqualTo("running");

    // Everything shown: job ids and opaque slide ids, never a path or a slide's name.
    assertThat(dom).doesNotContain(GOOD_TOKEN).doesNotContain(BAD_TOKEN).doesNotContain(work.toString())
        .doesNotContain("file:");
    HttpResponse<String> snapshot = http.send(HttpRequest.newBuilder(URI.create(url + "api/snapshot")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(snapshot.body()).doesNotContain(GOOD_TOKEN).doesNotContain(BAD_TOKEN).doesNotContain(work.toString());

    String run = "document.querySelector('#training .run[data-run-id=\"" + RUN + "\"]')";
    {
      boolean trained = browser.await(run + " && " + run + ".querySelector('.badge').textContent === 'finished'",
          Duration.ofSeconds(150));
      assertThat(trained).as("the training run, finished, on the page; trainer's log:\n" + trainer.logTail()).isTrue();
    }
    String runCard = browser.evaluate(run + ".outerHTML").asText();
    assertThat(runCard).as("the run's figures and curves").contains("k ").contains("trainer idle ")
        .contains("error-map idle ").contains("best Dice 0.").contains("1 worker, distributed")
        .contains("class=\"line loss\"").contains("class=\"line dice\"");
    assertThat(browser.evaluate(run + ".querySelectorAll('.chart')[0].querySelector('path.line').getAttribute('d')"
        + ".split('L').length").asInt()).as("points of the loss curve: one per cycle").isGreaterThan(2);
  }

  @Test
  @Order(2)
  void bothInstancesOfTheGroupAreListedWithTheirPartitionsAndAKilledOneIsGoneWithinItsHeartbeats() throws Exception {
    Map<String, Object> o = overrides();
    try (CliProcess nodeB = CliProcess.start(dir, "node-b", o, true, "serve", "--group-instance-id", "node-b")) {
      String both = "[...document.querySelectorAll('#fleet tbody tr')].filter(r => r.dataset.status === 'running'"
          + " && r.querySelector('.partitions').textContent !== '–').map(r => r.dataset.instanceId).sort().join()";
      boolean listed = browser.await(both + " === 'node-a,node-b'", Duration.ofSeconds(120));
      assertThat(listed).as("both instances running, each with partitions; page:\n" + browser.dom()
          + "\nnode-b's log:\n" + nodeB.logTail()).isTrue();
      List<String> partitions = new ArrayList<>();
      for (String node : List.of("node-a", "node-b")) {
        partitions.add(browser.evaluate("document.querySelector('#fleet tr[data-instance-id=\"" + node
            + "\"] .partitions').textContent").asText());
      }
      assertThat(partitions).as("the two partitions of the jobs topic, one each").containsExactlyInAnyOrder("0", "1");
      assertThat(browser.evaluate("document.querySelectorAll('#lag tbody tr').length").asInt()).isEqualTo(2);
      // The page with all it has shown: README's docs/dashboard.png is this picture.
      Files.write(Path.of("target", "dashboard.png"), browser.screenshot());

      nodeB.kill();
      long killed = System.nanoTime();
      boolean gone = browser.await("document.querySelector('#fleet tr[data-instance-id=\"node-b\"]').dataset.status"
          + " === 'gone'", Duration.ofSeconds(30));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      assertThat(gone).as("node-b shows as gone after SIGKILL").isTrue();
      // The heartbeat may be up to one interval old when the process dies; the page refreshes every 0.5 s.
      assertThat(tookMs).as("ms from SIGKILL until the page says gone")
          .isLessThanOrEqualTo((GONE_AFTER + 1) * INTERVAL.toMillis() + 2_000);
    }

    nodeA.close();
    assertThat(browser.await("document.querySelector('#fleet tr[data-instance-id=\"node-a\"]').dataset.status"
        + " === 'stopped'", Duration.ofSeconds(10))).as("node-a, stopped cleanly, says so at once").isTrue();
    nodeA = null;
  }

  @Test
  @Order(3)
  void aRestartedDashboardReadsTheWindowBackAndShowsTheSame() throws Exception {
    dashboard.kill();
    dashboard = CliProcess.start(dir, "dashboard-2", overrides(), false, "dashboard", "--port", "0");
    String again = awaitUrl(dashboard);
    browser.navigate(again);
    String card = "document.querySelector('#slides .card[data-job-id=\"dash-good\"] img')";
    boolean shown = browser.await(card + " && Number(" + card + ".dataset.naturalWidth) > 0"
        + " && document.querySelector('#dead-letters tbody tr[data-job-id=\"dash-bad\"]')"
        + " && document.querySelector('#training .run[data-run-id=\"" + RUN + "\"] .badge').textContent === 'finished'"
        + " && document.querySelector('#fleet tr[data-instance-id=\"node-a\"]').dataset.status === 'stopped'"
        + " && document.querySelector('#fleet tr[data-instance-id=\"node-b\"]').dataset.status === 'gone'",
        Duration.ofSeconds(60));
    assertThat(shown).as("after a restart, the same view from the topics; page:\n" + browser.dom()).isTrue();
    assertThat(browser.evaluate("document.querySelector('[data-outcome=\"finished\"] b').textContent").asText())
        .as("each outcome counted once").isEqualTo("1");
    assertThat(browser.evaluate("document.querySelector('[data-outcome=\"dead-lettered\"] b').textContent").asText())
        .isEqualTo("1");
    assertThat(browser.evaluate("window.seenJobs === undefined").asBoolean()).as("a new page, not the old one").isTrue();
  }

  /** The mask records, read from the topic. */
  static List<MaskRecord> masks() {
    KafkaConnection c = KafkaConnection.plaintext(broker.bootstrapServers());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c.clientProperties(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), "test-masks"), new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> parts = List.of(new TopicPartition("dash.masks", 0));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      List<MaskRecord> out = new ArrayList<>();
      long end = consumer.endOffsets(parts).values().iterator().next();
      while (consumer.position(parts.get(0)) < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(RecordCodec.shared().decode(r.value(), MaskRecord.class));
        }
      }
      return out;
    }
  }

}
