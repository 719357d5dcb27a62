package io.slidestream.service.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}, which {@code bin/setup-os}
 * installs) as a process of the test: a generated configuration that scrapes one target every
 * second, storage in a directory of the test, its own API on loopback at a free port.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/prometheus");

  private final Process process;
  private final Path log;
  private final String api;

  private PrometheusServer(Process process, Path log, String api) {
    this.process = process;
    this.log = log;
    this.api = api;
  }

  /** Starts scraping {@code target} ({@code host:port}, path /metrics) and waits until it is ready. */
  static PrometheusServer start(Path dir, String target) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: slidestream",
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        ""));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("prometheus.log");
    Process p = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(p, log, "http://127.0.0.1:" + port);
    try {
      OpsHttp.await(server.api + "/-/ready", null, Duration.ofSeconds(60), r -> r.status() == 200);
    } catch (AssertionError e) {
      server.close();
      throw new AssertionError(e.getMessage() + "; prometheus log:\n" + server.log(), e);
    }
    return server;
  }

  /**
   * Polls an instant query until it returns one sample with value {@code expected}; returns that
   * value (as Prometheus prints it).
   */
  String awaitValue(String query, String expected, Duration timeout) throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    String url = api + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    try {
      OpsHttp.Response r = OpsHttp.await(url, null, timeout, resp -> {
        if (resp.status() != 200) {
          return false;
        }
        try {
          JsonNode result = json.readTree(resp.body()).path("data").path("result");
          return result.size() == 1 && expected.equals(result.get(0).path("value").get(1).asText());
        } catch (IOException e) {
          return false;
        }
      });
      return json.readTree(r.body()).path("data").path("result").get(0).path("value").get(1).asText();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; prometheus log:\n" + log(), e);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
