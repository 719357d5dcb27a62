package io.slidestream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.app.cli.SlidestreamCommand;
import io.slidestream.kafka.security.Secret;
import io.slidestream.service.records.JobTimings;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The standalone server's access rule, on real sockets: loopback serves anyone on the machine;
 * any other address refuses to start without a bearer token, and with one answers 401 to a request
 * without it (the page's address with a sign-in form) and serves a request with it, as a header
 * or as the cookie the form sets. Thumbnails come only for jobs the dashboard knows, by job id.
 */
class DashboardServerTest {

  static final String TOKEN = "tok-8c1f0e7d2b";
  @TempDir static Path store;
  static ActorSystem system;
  static FleetState state;
  static DashboardRoutes routes;
  static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    system = ActorSystem.create("dashboard-server-test");
    DashboardSettings settings = new DashboardSettings("127.0.0.1", 0, Optional.empty(), Duration.ofHours(24), 3,
        Duration.ofMillis(200), Duration.ofSeconds(5), 12, 50,
        new DashboardTopics("t.jobs", "t.events", "t.masks", "t.dead-letters", "t.training", "t.status"), "g", store);
    state = new FleetState(settings, Clock.systemUTC());
    routes = new DashboardRoutes(state, store, settings.refresh());
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNonLoopbackAddressWithoutATokenIsRefused() {
    assertThatThrownBy(() -> DashboardServer.start(system, routes.routes(), "0.0.0.0", 0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bearer token")
        .hasMessageContaining("slidestream.dashboard.token-file");
  }

  @Test
  void onAllInterfacesEveryRequestNeedsTheTokenAsABearerHeaderOrTheSignInCookie() throws Exception {
    try (DashboardServer server = DashboardServer.start(system, routes.routes(), "0.0.0.0", 0,
        Optional.of(Secret.of(TOKEN)))) {
      assertThat(server.tokenRequired()).isTrue();
      String base = "http://127.0.0.1:" + server.address().getPort() + "/";

      HttpResponse<String> none = get(base + "api/snapshot");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(none.body()).doesNotContain("fleet\"").doesNotContain(TOKEN);
      assertThat(get(base + "api/snapshot", "Authorization", "Bearer wrong-" + TOKEN).statusCode()).isEqualTo(401);
      assertThat(get(base + "thumbnails/job-1").statusCode()).isEqualTo(401);

      HttpResponse<String> ok = get(base + "api/snapshot", "Authorization", "Bearer " + TOKEN);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"fleet\":[]").contains("\"groupId\":\"g\"");

      HttpResponse<String> page = get(base);
      assertThat(page.statusCode()).isEqualTo(401);
      assertThat(page.body()).contains("<form method=\"post\" action=\"sign-in\"").doesNotContain("dashboard.js");

      HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "sign-in"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("token=nope")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

      HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "sign-in"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(303);
      String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).startsWith(DashboardServer.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict");
      HttpResponse<String> withCookie = get(base, "Cookie", cookie.substring(0, cookie.indexOf(';')));
      assertThat(withCookie.statusCode()).isEqualTo(200);
      assertThat(withCookie.body()).contains("<script src=\"dashboard.js\"");
      assertThat(withCookie.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'").contains("connect-src 'self'"));
    }
  }

  @Test
  void onLoopbackThePageAndItsDataNeedNoToken() throws Exception {
    try (DashboardServer server = DashboardServer.start(system, routes.routes(), "127.0.0.1", 0, Optional.empty())) {
      assertThat(server.tokenRequired()).isFalse();
      assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+/");
      assertThat(get(server.url()).statusCode()).isEqualTo(200);
      assertThat(get(server.url() + "dashboard.js").headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/javascript"));
      HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(server.url()
          + "api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      // An endless stream: read its first two events only.
      StringBuilder events = new StringBuilder();
      try (java.io.InputStream in = stream.body()) {
        while (events.toString().split("\n\n", -1).length < 3) {
          int c = in.read();
          if (c < 0) {
            break;
          }
          events.append((char) c);
        }
      }
      String[] two = events.toString().split("\n\n");
      for (String event : List.of(two[0], two[1])) {
        assertThat(event.lines()).containsExactlyInAnyOrder(event.lines().filter(l -> l.startsWith("data:{\"now\":"))
            .findFirst().orElse("(no data line)"), "event:snapshot");
      }
    }
  }

  @Test
  void thumbnailsComeOnlyForJobsWhoseMaskRecordWasReadAndOnlyFromTheOutputStore() throws Exception {
    String slideId = "0123456789abcdef";
    Path png = Files.createDirectories(store.resolve("job-7")).resolve(slideId + ".overview.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    Files.createDirectories(store.resolve("job-8"));
    Files.copy(png, store.resolve("job-8").resolve(slideId + ".overview.png"));
    assertThat(routes.overviewOf("job-7")).as("no mask record read yet").isEmpty();
    state.onMask(mask("job-7", slideId, "overview-png"), Instant.now());
    state.onMask(mask("job-8", slideId, "mask-tiff"), Instant.now());
    assertThat(routes.overviewOf("job-7")).hasValue(png);
    assertThat(routes.overviewOf("job-8")).as("its record lists no overview").isEmpty();
    assertThat(routes.overviewOf("../job-7")).isEmpty();
    assertThat(routes.overviewOf("job-9")).isEmpty();
    try (DashboardServer server = DashboardServer.start(system, routes.routes(), "127.0.0.1", 0, Optional.empty())) {
      HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(URI.create(server.url() + "thumbnails/job-7")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(Files.readAllBytes(png));
      assertThat(get(server.url() + "thumbnails/job-8").statusCode()).isEqualTo(404);
      assertThat(get(server.url() + "thumbnails/..%2Fjob-7").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theDashboardCommandRefusesANonLoopbackAddressWithoutATokenBeforeItConnects() {
    StringWriter err = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setErr(new PrintWriter(err));
    long t0 = System.nanoTime();
    int code = cl.execute("dashboard", "--host", "0.0.0.0", "--port", "0", "--bootstrap", "127.0.0.1:1");
    assertThat(code).isEqualTo(64);
    assertThat(err.toString().strip()).startsWith("slidestream dashboard: --host 0.0.0.0 is not a loopback address")
        .contains("bearer token").doesNotContain("\n");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused before any connection attempt")
        .isLessThan(Duration.ofSeconds(10));
  }

  static MaskRecord mask(String jobId, String slideId, String kind) {
    return new MaskRecord(jobId, slideId, List.of(new OutputFile(kind, "file:///store/" + jobId + "/x", "00", 8)),
        Map.of("Tumor", 1.0), 1, 2.0, new JobTimings(0L, 1, 0L, 0L), "m", "v");
  }
}
