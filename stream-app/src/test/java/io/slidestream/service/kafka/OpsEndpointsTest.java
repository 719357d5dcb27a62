package io.slidestream.service.kafka;

import static io.slidestream.service.kafka.OpsHttp.all;
import static io.slidestream.service.kafka.OpsHttp.samples;
import static io.slidestream.service.kafka.OpsHttp.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.slidestream.app.cli.SlidestreamCommand;
import io.slidestream.hem.events.TrainingMetrics;
import io.slidestream.models.hem.HemCycleReport;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.ops.http.OperatedService;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.LogCapture;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoints of the service on the real broker: after jobs with known outcomes the
 * metrics hold exactly those counts, pass {@code promtool check metrics} and reach a real
 * Prometheus that scrapes them; a token guards everything but the health endpoints of a service
 * bound to every interface, and never shows in the log; binding there without one is refused with
 * one line; readiness names the stores that keep the service from working.
 */
class OpsEndpointsTest {

  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir static Path dir;
  static KafkaTestBed bed;

  @BeforeAll
  static void start() {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  @Test
  void metricsCountEveryOutcomeExactlyPassPromtoolAndReachARealPrometheus() throws Exception {
    Path work = dir.resolve("metrics");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    Path slideA = TestSlides.synthetic(work.resolve("slides"), "slide-alpha", 512, 512, 5);
    Path slideB = TestSlides.synthetic(work.resolve("slides"), "slide-beta", 768, 512, 6);
    ServiceTopics topics = KafkaTestBed.topics("opsm");
    Published out = new Published(bed, topics);
    Config config = bed.config("opsm", work, Map.of("slidestream.http.lag-interval", "1s"));

    try (TrainingMetrics run = TrainingMetrics.register("hem-run-7");
        OperatedService ops = OperatedService.start(config)) {
      run.update(new HemCycleReport("hem-run-7", 3, List.of("region-0"), 24, 32, 480, 1200, 0.05, 0.2, 0.7, 0.61,
          List.of(0.3), 12.5));
      String address = ops.httpHostPort().orElseThrow();
      assertThat(address).as("bound to loopback by default").startsWith("127.0.0.1:");
      assertThat(Files.readString(work.resolve("http.address")).trim()).as("the address file").isEqualTo(address);
      String metricsUrl = "http://" + address + "/metrics";

      JobRecord first = JobRecord.of("job-ops-1", slideA.toString(), "tiny");
      JobRecord second = JobRecord.of("job-ops-2", slideB.toString(), "tiny");
      JobRecord missing = JobRecord.of("job-ops-missing", work.resolve("slides").resolve("no-such-slide.svs").toString(),
          "tiny");
      bed.send(topics.jobs(), 0, JobSubmitter.keyFor(first), first);
      bed.send(topics.jobs(), 1, JobSubmitter.keyFor(missing), missing);
      bed.send(topics.jobs(), 1, "garbage", "{this is not a job record");
      bed.send(topics.jobs(), 0, JobSubmitter.keyFor(second), second);
      out.awaitMasks(Duration.ofSeconds(120), "job-ops-1", "job-ops-2");
      out.awaitRecords(topics.deadLetters(), Duration.ofSeconds(60), r -> r.size() >= 2);

      // Meters whose state Micrometer holds weakly would read NaN after a collection.
      System.gc();
      // Every record handed to the committer, and the lag sampled since: the figures are final.
      OpsHttp.Response scrape = OpsHttp.await(metricsUrl, null, Duration.ofSeconds(60), r -> {
        List<OpsHttp.Sample> s = samples(r.body());
        return r.status() == 200 && value(s, "slidestream_commit_wait_seconds_count") == 4
            && all(s, "slidestream_consumer_lag_records").size() == 2
            && all(s, "slidestream_consumer_lag_records").stream().allMatch(x -> x.value() == 0);
      });
      assertThat(scrape.headers().get("content-type")).singleElement().asString().startsWith("text/plain")
          .contains("version=0.0.4");
      List<OpsHttp.Sample> s = samples(scrape.body());

      assertThat(value(s, "slidestream_jobs_accepted_total")).isEqualTo(2);
      assertThat(value(s, "slidestream_jobs_finished_total")).isEqualTo(2);
      assertThat(value(s, "slidestream_jobs_abandoned_total")).isZero();
      for (RejectionReason reason : RejectionReason.values()) {
        double expected = reason == RejectionReason.SLIDE_NOT_FOUND || reason == RejectionReason.MALFORMED_RECORD ? 1 : 0;
        assertThat(value(s, "slidestream_jobs_refused_total", "reason", reason.name())).as("refused " + reason)
            .isEqualTo(expected);
        assertThat(value(s, "slidestream_dead_letters_total", "reason", reason.name())).as("dead letters " + reason)
            .isEqualTo(expected);
        assertThat(value(s, "slidestream_jobs_failed_total", "reason", reason.name())).as("failed " + reason).isZero();
      }
      assertThat(value(s, "slidestream_slides_in_flight")).isZero();
      assertThat(value(s, "slidestream_job_duration_seconds_count", "outcome", "finished")).isEqualTo(2);
      assertThat(value(s, "slidestream_job_duration_seconds_count", "outcome", "failed")).isZero();
      assertThat(value(s, "slidestream_job_queued_seconds_count")).isEqualTo(2);
      assertThat(value(s, "slidestream_model_load_seconds_count")).as("one network load for both jobs").isEqualTo(1);

      // Tiles: each tissue tile read once and inferred once, as the tile records say.
      long inferredRecords = out.tileRecords().stream()
          .map(r -> RecordCodec.shared().decode(r.value(), TileRecord.class)).filter(TileRecord::inferred).count();
      assertThat(inferredRecords).isPositive();
      assertThat(value(s, "slidestream_tiles_inferred_total")).isEqualTo(inferredRecords);
      assertThat(value(s, "slidestream_tiles_read_total")).isEqualTo(inferredRecords);
      assertThat(value(s, "slidestream_stage_duration_seconds_count", "stage", "read")).isEqualTo(inferredRecords);
      assertThat(value(s, "slidestream_stage_duration_seconds_count", "stage", "validate")).isEqualTo(4);
      assertThat(value(s, "slidestream_stage_duration_seconds_count", "stage", "write_outputs")).isEqualTo(2);
      double batches = value(s, "slidestream_stage_duration_seconds_count", "stage", "infer");
      assertThat(batches).isPositive();
      assertThat(value(s, "slidestream_batch_fill_ratio_count")).isEqualTo(batches);
      assertThat(value(s, "slidestream_batch_fill_ratio_sum") * 8).as("tissue tiles over batches of 8")
          .isCloseTo(inferredRecords, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(value(s, "slidestream_stage_duration_seconds_count", "stage", "stitch")).isPositive();
      // Every record the service published, acknowledged once each: the jobs' records, and the
      // instance's status records, which go on every few seconds (so up to those on the topic after
      // the scrape).
      long published = bed.endOffsets(topics.tiles()) + bed.endOffsets(topics.masks()) + bed.endOffsets(topics.events())
          + bed.endOffsets(topics.deadLetters());
      long statusAfter = bed.endOffsets("opsm.status");
      assertThat(value(s, "slidestream_stage_duration_seconds_count", "stage", "publish"))
          .isBetween((double) published, (double) published + statusAfter);
      assertThat(value(s, "slidestream_stage_duration_seconds_bucket", "stage", "publish", "le", "+Inf"))
          .isEqualTo(value(s, "slidestream_stage_duration_seconds_count", "stage", "publish"));
      assertThat(value(s, "slidestream_producer_record_errors_total")).isZero();
      assertThat(value(s, "slidestream_producer_record_retries_total")).isGreaterThanOrEqualTo(0);

      assertThat(all(s, "slidestream_consumer_oldest_uncommitted_age_seconds")).hasSize(2)
          .allSatisfy(x -> assertThat(x.value()).isZero())
          .allSatisfy(x -> assertThat(x.labels()).containsEntry("topic", topics.jobs()).containsKey("partition"));
      assertThat(value(s, "slidestream_store_free_bytes", "store", "outputs")).isPositive();
      assertThat(value(s, "slidestream_store_free_bytes", "store", "work")).isPositive();
      assertThat(value(s, "slidestream_outputs_min_free_bytes")).isEqualTo(512.0 * 1024 * 1024);
      assertThat(all(s, "jvm_memory_used_bytes")).anySatisfy(x -> assertThat(x.labels()).containsEntry("area", "heap"));
      assertThat(all(s, "jvm_gc_pause_seconds_count")).isNotEmpty();
      assertThat(value(s, "process_resident_memory_bytes")).isGreaterThan(50e6);
      assertThat(value(s, "slidestream_native_heap_bytes")).isPositive();

      assertThat(value(s, "slidestream_training_k_patches", "run", "hem-run-7")).isEqualTo(24);
      assertThat(value(s, "slidestream_training_pool_size_patches", "run", "hem-run-7")).isEqualTo(480);
      assertThat(value(s, "slidestream_training_loss", "run", "hem-run-7")).isEqualTo(0.7);
      assertThat(value(s, "slidestream_training_validation_dice", "run", "hem-run-7")).isEqualTo(0.61);
      assertThat(value(s, "slidestream_training_trainer_idle_ratio", "run", "hem-run-7")).isEqualTo(0.05);
      assertThat(value(s, "slidestream_training_error_map_idle_ratio", "run", "hem-run-7")).isEqualTo(0.2);

      // No label names a slide, a file or a job.
      for (OpsHttp.Sample x : s) {
        assertThat(x.labels().values()).as(x.name() + " labels").noneMatch(v -> v.contains("slide-alpha")
            || v.contains("slide-beta") || v.contains("no-such-slide") || v.contains("job-ops") || v.contains("/"));
      }

      assertThat(PROMTOOL).as("promtool (Debian's prometheus package: bin/setup-os installs it)").isExecutable();
      assertThat(PrometheusServer.BINARY).as("prometheus (bin/setup-os installs it)").isExecutable();
      Path file = dir.resolve("metrics.prom");
      Files.writeString(file, scrape.body());
      Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true)
          .redirectInput(file.toFile()).start();
      String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(promtool.exitValue()).as("promtool check metrics: " + verdict).isZero();
      assertThat(verdict).as("promtool's findings").isBlank();

      try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"), address)) {
        assertThat(prometheus.awaitValue("slidestream_jobs_finished_total", "2", Duration.ofSeconds(60))).isEqualTo("2");
        assertThat(prometheus.awaitValue("sum(slidestream_dead_letters_total)", "2", Duration.ofSeconds(30)))
            .isEqualTo("2");
        assertThat(prometheus.awaitValue("up{job=\"slidestream\"}", "1", Duration.ofSeconds(30))).isEqualTo("1");
      }
    }
    assertThat(work.resolve("http.address")).as("removed on a clean shutdown").doesNotExist();
  }

  @Test
  void aTokenGuardsAllButHealthOnEveryInterfaceAndNeverReachesTheLog() throws Exception {
    Path work = dir.resolve("token");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    String token = HexFormat.of().formatHex(randomBytes(24));
    Path tokenFile = Files.writeString(dir.resolve("http.token"), token + "\n");
    Map<String, Object> more = new HashMap<>();
    more.put("slidestream.http.host", "0.0.0.0");
    more.put("slidestream.http.token-file", tokenFile.toString());
    try (LogCapture log = new LogCapture(); OperatedService ops = OperatedService.start(bed.config("opst", work, more))) {
      int port = ops.httpAddress().orElseThrow().getPort();
      String host = nonLoopbackAddress().orElse("127.0.0.1");
      String base = "http://" + host + ":" + port;

      OpsHttp.Response without = OpsHttp.get(base + "/metrics");
      assertThat(without.status()).isEqualTo(401);
      assertThat(without.headers().get("www-authenticate")).singleElement().asString().startsWith("Bearer");
      assertThat(without.body()).doesNotContain("slidestream_");
      assertThat(without.headers()).as("no server version for whoever asks").doesNotContainKey("server");
      assertThat(OpsHttp.get(base + "/metrics", "Bearer " + token.substring(1) + "0").status()).isEqualTo(401);
      assertThat(OpsHttp.get(base + "/metrics", "Basic " + token).status()).isEqualTo(401);
      assertThat(OpsHttp.get(base + "/", null).status()).as("any other path").isEqualTo(401);
      OpsHttp.Response with = OpsHttp.get(base + "/metrics", "Bearer " + token);
      assertThat(with.status()).isEqualTo(200);
      assertThat(with.body()).contains("slidestream_jobs_accepted_total");
      assertThat(OpsHttp.get(base + "/health/alive").status()).as("health needs no token").isEqualTo(200);
      OpsHttp.Response ready = OpsHttp.await(base + "/health/ready", null, Duration.ofSeconds(60),
          r -> r.status() == 200);
      assertThat(ready.body()).contains("\"ready\":true");

      assertThat(log.text()).as("the log").contains("/metrics requires the bearer token").doesNotContain(token);
    }
  }

  @Test
  void serveRefusesEveryInterfaceWithoutATokenInOneLineBeforeStartingAnything() {
    Map<String, Object> more = new HashMap<>();
    more.put("slidestream.http.host", "0.0.0.0");
    assertThatThrownBy(() -> OperatedService.start(bed.config("opsr", dir.resolve("refused"), more)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slidestream.http.token-file");
    assertThat(dir.resolve("refused")).as("nothing started, nothing written").doesNotExist();

    String previous = System.getProperty("slidestream.http.host");
    System.setProperty("slidestream.http.host", "0.0.0.0");
    try {
      StringWriter err = new StringWriter();
      var cl = SlidestreamCommand.commandLine();
      cl.setErr(new PrintWriter(err, true));
      cl.setOut(new PrintWriter(new StringWriter(), true));
      assertThat(cl.execute("serve")).isEqualTo(64);
      assertThat(err.toString().lines().toList()).singleElement().asString()
          .startsWith("slidestream serve: slidestream.http.host 0.0.0.0 is not a loopback address")
          .contains("slidestream.http.token-file");
    } finally {
      if (previous == null) {
        System.clearProperty("slidestream.http.host");
      } else {
        System.setProperty("slidestream.http.host", previous);
      }
    }
  }

  @Test
  void readinessNamesEveryCheckAndTheStoresThatFail() throws Exception {
    Path work = dir.resolve("stores");
    Map<String, Object> more = new HashMap<>();
    // No model store directory; an output floor no disk has.
    more.put("slidestream.outputs.min-free-bytes", "1000000t");
    try (OperatedService ops = OperatedService.start(bed.config("opss", work, more))) {
      String base = "http://" + ops.httpHostPort().orElseThrow();
      assertThat(OpsHttp.get(base + "/health/alive").status()).isEqualTo(200);
      OpsHttp.Response ready = OpsHttp.await(base + "/health/ready", null, Duration.ofSeconds(60), r -> {
        JsonNode checks = json(r.body()).path("checks");
        return r.status() == 503 && check(checks, "consumer").path("ok").asBoolean();
      });
      JsonNode body = json(ready.body());
      assertThat(body.path("ready").asBoolean()).isFalse();
      JsonNode checks = body.path("checks");
      assertThat(checks.findValuesAsText("name")).containsExactly("service", "broker", "topics", "consumer",
          "model-store", "output-store");
      assertThat(check(checks, "service").path("ok").asBoolean()).isTrue();
      assertThat(check(checks, "broker").path("ok").asBoolean()).isTrue();
      assertThat(check(checks, "topics").path("ok").asBoolean()).isTrue();
      assertThat(check(checks, "model-store").path("ok").asBoolean()).isFalse();
      assertThat(check(checks, "output-store").path("ok").asBoolean()).isFalse();
      assertThat(check(checks, "output-store").path("detail").asText()).contains("slidestream.outputs.min-free-bytes");
      assertThat(ready.body()).as("no path in an answer without a token").doesNotContain(work.toString());

      Files.createDirectories(work.resolve("models"));
      OpsHttp.Response models = OpsHttp.get(base + "/health/ready");
      assertThat(check(json(models.body()).path("checks"), "model-store").path("ok").asBoolean())
          .as("a model store made meanwhile is seen").isTrue();
    }
  }

  static JsonNode json(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static JsonNode check(JsonNode checks, String name) {
    for (JsonNode c : checks) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + checks);
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /** One of this machine's own IPv4 addresses that is not loopback, if it has one. */
  static Optional<String> nonLoopbackAddress() throws java.net.SocketException {
    for (NetworkInterface nif : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return Optional.of(a.getHostAddress());
        }
      }
    }
    return Optional.empty();
  }
}
