package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.CliProcess;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.testdata.HostileTiffs;
import io.slidestream.testdata.HostileTiffs.Tiles;
import io.slidestream.testdata.SharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No patient data reaches what operations read. {@code serve} runs as operators start it, in a JVM
 * of its own with its embedded broker; slides whose file names and directories carry recognisable
 * tokens (the real SVS copied under such a name, synthetic slides) are processed, others refused.
 * Then every record of every topic, and the service's whole log, are searched for the tokens, for
 * the SVS's vendor metadata (scanner id, date, time, user, original file name) and for the bytes of
 * its label and macro images. Only the jobs topic and the original record a dead letter keeps for
 * replay may hold a slide's path (the README says to restrict both); the test checks that they do, so
 * the search is known to look in the right place.
 */
class PatientDataTest {

  /** In the slides' directory and file names, as an accession number and a patient's name would be. */
  static final String DIR_TOKEN = "WARD7-DOE-JANE-19700101";
  static final String SVS_TOKEN = "S24-31337-A1";
  static final String SYNTHETIC_TOKEN = "MRN8675309";
  static final String MISSING_TOKEN = "MRN5551234";
  /** A slide that opens but fails while its tiles are read: readers name the file in their errors. */
  static final String DAMAGED_TOKEN = "MRN7770001";
  static final String REQUESTER_TOKEN = "dr-roe-richard";
  static final Pattern LOOPBACK = Pattern.compile("(127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\]|\\[::ffff:127\\.\\d+\\.\\d+\\.\\d+\\]):\\d+");

  @TempDir static Path dir;
  static CliProcess serve;
  static KafkaTestBed bed;
  static Path work;
  static Path realCopy;
  static Path synthetic;
  static Path damaged;
  static SvsSecrets secrets;
  static List<String> listeners;
  static CliProcess dashboard;
  /** What the dashboard served: its page, script, style and the view its page draws. */
  static Map<String, String> dashboardServed = new LinkedHashMap<>();
  static List<String> dashboardListeners;
  static String httpAddress;

  @BeforeAll
  static void start() throws Exception {
    work = dir.resolve("work");
    Path slides = work.resolve("slides").resolve(DIR_TOKEN);
    Files.createDirectories(slides);
    realCopy = Files.copy(SharedData.cmuSmallRegion(), slides.resolve(SVS_TOKEN + ".svs"));
    synthetic = TestSlides.synthetic(slides, SYNTHETIC_TOKEN, 512, 512, 31);
    damaged = HostileTiffs.pyramid(slides.resolve(DAMAGED_TOKEN + ".tif"), Tiles.JPEG_BOMB, Tiles.GOOD);
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    secrets = SvsSecrets.of(SharedData.cmuSmallRegion());

    // The shipped defaults but the work directory: embedded broker (address file in the work dir),
    // default topic names, slides allowed under work/slides.
    Map<String, Object> conf = new HashMap<>();
    conf.put("slidestream.work-dir", work.toString());
    conf.put("slidestream.kafka.bootstrap-servers", "");
    serve = CliProcess.start(dir, "serve", conf, true, "serve");
    Path address = work.resolve("kafka.address");
    Path http = work.resolve("http.address");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    // The operations endpoints bind last, once the service runs.
    while (!Files.exists(address) || Files.readString(address).isBlank() || !Files.exists(http)
        || Files.readString(http).isBlank()) {
      if (!serve.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("serve did not write its broker and HTTP addresses; log:\n" + serve.logTail());
      }
      Thread.sleep(200);
    }
    bed = KafkaTestBed.external(Files.readString(address).trim());
    httpAddress = Files.readString(http).trim();
    listeners = listenersOf(serve.pid());

    ServiceTopics topics = KafkaTestBed.topics("slidestream");
    send(topics, JobRecord.of("pd-real", realCopy.toString(), "tiny").withRequestedBy(REQUESTER_TOKEN));
    send(topics, JobRecord.of("pd-synthetic", synthetic.toString(), "tiny").withRequestedBy(REQUESTER_TOKEN));
    send(topics, JobRecord.of("pd-missing", slides.resolve(MISSING_TOKEN + ".svs").toString(), "tiny")
        .withRequestedBy(REQUESTER_TOKEN));
    send(topics, JobRecord.of("pd-outside", dir.resolve(DIR_TOKEN).resolve(MISSING_TOKEN + ".svs").toString(), "tiny"));
    send(topics, JobRecord.of("pd-damaged", damaged.toString(), "tiny").withRequestedBy(REQUESTER_TOKEN));
    Published out = new Published(bed, topics);
    out.awaitMasks(Duration.ofSeconds(180), "pd-real", "pd-synthetic");
    out.awaitRecords(topics.deadLetters(), Duration.ofSeconds(60), records -> records.size() >= 3);

    // The dashboard as operators start it beside serve: the broker from serve's address file.
    dashboard = CliProcess.start(dir, "dashboard", conf, false, "dashboard", "--port", "0");
    Matcher url = Pattern.compile("slidestream dashboard: (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
    HttpClient browser = HttpClient.newHttpClient();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String snapshot = "";
    while (System.nanoTime() < deadline) {
      if (url.reset(dashboard.log()).find()) {
        snapshot = browser.send(HttpRequest.newBuilder(URI.create(url.group(1) + "api/snapshot")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (snapshot.contains("\"pd-real\"") && snapshot.contains("\"pd-synthetic\"")
            && snapshot.contains("PATH_NOT_ALLOWED") && snapshot.contains("\"pd-damaged\"")) {
          break;
        }
      } else if (!dashboard.isAlive()) {
        break;
      }
      Thread.sleep(300);
    }
    if (!url.reset(dashboard.log()).find()) {
      throw new AssertionError("the dashboard did not start; log:\n" + dashboard.logTail());
    }
    dashboardServed.put("api/snapshot", snapshot);
    for (String path : List.of("", "dashboard.js", "dashboard.css", "thumbnails/pd-synthetic", "thumbnails/pd-real")) {
      dashboardServed.put("/" + path, browser.send(HttpRequest.newBuilder(URI.create(url.group(1) + path)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1)).body());
    }
    dashboardListeners = listenersOf(dashboard.pid());
  }

  static void send(ServiceTopics topics, JobRecord job) throws Exception {
    bed.send(topics.jobs(), null, JobSubmitter.keyFor(job), job);
  }

  @AfterAll
  static void stop() throws Exception {
    if (dashboard != null) {
      dashboard.close();
    }
    if (bed != null) {
      bed.close();
    }
    if (serve != null) {
      serve.close();
    }
  }

  /** What must not reach operations: the slides' names and directory, who asked, the scanner's metadata. */
  static Map<String, String> forbiddenText() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("slide directory", DIR_TOKEN);
    t.put("SVS file name", SVS_TOKEN);
    t.put("synthetic slide name", SYNTHETIC_TOKEN);
    t.put("missing slide name", MISSING_TOKEN);
    t.put("damaged slide name", DAMAGED_TOKEN);
    t.put("requestedBy", REQUESTER_TOKEN);
    secrets.vendorValues().forEach((key, value) -> t.put("SVS " + key, value));
    return t;
  }

  @Test
  void noTopicButTheJobsTopicAndDeadLettersOriginalsHoldPatientData() throws Exception {
    List<String> topics;
    try (Admin admin = bed.admin()) {
      topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().sorted().toList();
    }
    assertThat(topics).contains("slidestream.jobs", "slidestream.tiles", "slidestream.masks", "slidestream.events",
        "slidestream.dead-letters");
    ObjectMapper json = new ObjectMapper();
    int searched = 0;
    int originalsWithPaths = 0;
    for (String topic : topics) {
      List<ConsumerRecord<String, String>> records = bed.readAll(topic);
      if (topic.equals("slidestream.jobs")) {
        // Job records name their slides: the one topic that must, restricted like the slides themselves.
        assertThat(records).anySatisfy(r -> assertThat(r.value()).contains(DIR_TOKEN));
        continue;
      }
      for (ConsumerRecord<String, String> r : records) {
        String value = r.value() == null ? "" : r.value();
        if (topic.equals("slidestream.dead-letters")) {
          ObjectNode letter = (ObjectNode) json.readTree(value);
          String original = letter.path("originalRecord").asText("");
          if (original.contains(DIR_TOKEN)) {
            originalsWithPaths++;
          }
          letter.remove("originalRecord");
          value = letter.toString();
        }
        String where = topic + "@" + r.partition() + ":" + r.offset();
        assertFree(where + " key", String.valueOf(r.key()));
        assertFree(where + " value", value);
        for (Header h : r.headers()) {
          assertFree(where + " header " + h.key(), h.key() + "=" + new String(h.value(), StandardCharsets.ISO_8859_1));
        }
        assertNoImageBytes(where, value);
        searched++;
      }
    }
    assertThat(searched).as("records searched outside the jobs topic").isGreaterThan(20);
    assertThat(originalsWithPaths).as("dead letters keep the refused jobs' records for replay").isEqualTo(3);
  }

  @Test
  void theServiceLogHoldsNoPatientData() throws Exception {
    // Without each line's time stamp, which could match the scan's time of day by chance.
    String log = serve.log().replaceAll("(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} ", "");
    assertThat(log).as("the service log").contains("job pd-real finished").contains("job pd-synthetic finished")
        .contains("refused");
    assertFree("the service log", log);
    assertNoImageBytes("the service log", log);
  }

  @Test
  void theDashboardShowsJobsAndReasonsButNoPatientData() {
    String view = dashboardServed.get("api/snapshot");
    // It has read what the search is about: the finished jobs, the refused ones and their reasons.
    assertThat(view).as("the dashboard's view").contains("\"pd-real\"").contains("\"pd-synthetic\"")
        .contains("SLIDE_NOT_FOUND").contains("PATH_NOT_ALLOWED").contains("\"pd-damaged\"");
    assertThat(dashboardServed.get("/thumbnails/pd-synthetic")).as("an overview image").startsWith("\u0089PNG");
    assertThat(dashboardServed.get("/thumbnails/pd-real")).as("the real slide's overview").startsWith("\u0089PNG");
    dashboardServed.forEach((path, body) -> {
      assertFree("the dashboard's " + path, body);
      assertNoImageBytes("the dashboard's " + path, body);
    });
    assertFree("the dashboard's log", dashboard.log().replaceAll("(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} ", ""));
    assertThat(dashboardListeners).as("listening sockets of the dashboard (ss -ltnp)").isNotEmpty()
        .allSatisfy(a -> assertThat(a).as("listener").matches(LOOPBACK));
  }

  @Test
  void theMetricsAndHealthAnswersHoldNoPatientData() throws Exception {
    OpsHttp.Response metrics = OpsHttp.await("http://" + httpAddress + "/metrics", null, Duration.ofSeconds(30),
        r -> r.status() == 200 && r.body().contains("slidestream_jobs_finished_total 2.0"));
    assertFree("/metrics", metrics.body());
    assertThat(metrics.body()).as("/metrics names no directory").doesNotContain(work.toString());
    OpsHttp.Response ready = OpsHttp.get("http://" + httpAddress + "/health/ready");
    assertFree("/health/ready", ready.body());
    assertThat(ready.body()).as("/health/ready names no directory").doesNotContain(work.toString());
  }

  @Test
  void serveAlsoServesTheDashboardAtItsRootWithoutPatientData() throws Exception {
    OpsHttp.Response page = OpsHttp.get("http://" + httpAddress + "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Slidestream fleet</title>");
    OpsHttp.Response view = OpsHttp.await("http://" + httpAddress + "/api/snapshot", null, Duration.ofSeconds(30),
        r -> r.status() == 200 && r.body().contains("\"pd-synthetic\"") && r.body().contains("SLIDE_NOT_FOUND"));
    assertThat(view.body()).as("serve's dashboard has read the finished and the refused jobs")
        .contains("\"pd-real\"").contains("PATH_NOT_ALLOWED");
    assertFree("serve's dashboard view", view.body());
    assertThat(view.body()).doesNotContain(work.toString());
  }

  @Test
  void everyListenerOfServeIsOnLoopback() {
    // The embedded broker's client and controller listeners and the operations endpoints at least.
    assertThat(listeners).as("listening sockets of serve (ss -ltnp)").hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(a -> assertThat(a).as("listener").matches(LOOPBACK));
    // ss writes a socket that Java opened dual-stack as an IPv4-mapped IPv6 address.
    assertThat(listeners).extracting(a -> a.replaceFirst("^\\[::ffff:(.*)\\]", "$1"))
        .as("the HTTP listener, on 127.0.0.1 by default").contains(httpAddress);
    assertThat(httpAddress).startsWith("127.0.0.1:");
  }

  static void assertFree(String where, String text) {
    forbiddenText().forEach((what, token) -> assertThat(text).as(where + " must not hold the " + what)
        .doesNotContain(token));
  }

  /**
   * The label and macro images, as raw bytes or base64 (at each of the three alignments base64 can
   * fall on), must appear nowhere.
   */
  static void assertNoImageBytes(String where, String text) {
    for (Map.Entry<String, byte[]> w : secrets.imageWindows().entrySet()) {
      byte[] b = w.getValue();
      assertThat(text).as(where + " must not hold the " + w.getKey() + " image's bytes")
          .doesNotContain(new String(b, StandardCharsets.ISO_8859_1));
      for (int shift = 0; shift < 3; shift++) {
        String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, shift, shift + 24));
        assertThat(text).as(where + " must not hold the " + w.getKey() + " image's bytes (base64)").doesNotContain(b64);
      }
    }
  }

  /** The local addresses {@code ss -ltnp} lists for a process's listening TCP sockets. */
  static List<String> listenersOf(long pid) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-H", "-ltnp").redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ss.waitFor(30, TimeUnit.SECONDS) || ss.exitValue() != 0) {
      throw new AssertionError("ss -ltnp failed: " + out);
    }
    List<String> mine = new ArrayList<>();
    for (String line : out.lines().toList()) {
      if (line.contains("pid=" + pid + ",")) {
        // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port Process
        mine.add(line.trim().split("\\s+")[3]);
      }
    }
    return mine;
  }

  /**
   * What an Aperio SVS holds besides its pixels, read with tifffile (an independent reader): the
   * values of its description's identifying keys, and windows of its label and macro images' bytes.
   */
  record SvsSecrets(Map<String, String> vendorValues, Map<String, byte[]> imageWindows) {

    static final String SCRIPT = """
        import sys, tifffile
        with tifffile.TiffFile(sys.argv[1]) as t, open(sys.argv[1], 'rb') as f:
            for field in t.pages[0].description.split('|'):
                if '=' in field:
                    k, v = (s.strip() for s in field.split('=', 1))
                    if k in ('ScanScope ID', 'Date', 'Time', 'User', 'Filename'):
                        print('meta', k.replace(' ', '_'), v)
            for p in t.pages:
                lines = p.description.splitlines()
                kind = lines[1].split()[0] if len(lines) > 1 and lines[1].split() else ''
                if kind in ('label', 'macro'):
                    f.seek(p.dataoffsets[0]); data = f.read(p.databytecounts[0])
                    for at in (len(data) // 4, len(data) // 2, 3 * len(data) // 4):
                        print('image', kind + '@' + str(at), data[at:at + 27].hex())
        """;

    static SvsSecrets of(Path svs) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT, svs.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("tifffile could not read " + svs + " (bin/setup-os installs python3-tifffile): " + out);
      }
      Map<String, String> meta = new LinkedHashMap<>();
      Map<String, byte[]> images = new LinkedHashMap<>();
      Matcher m = Pattern.compile("(?m)^(meta|image) (\\S+) (.+)$").matcher(out);
      while (m.find()) {
        if (m.group(1).equals("meta")) {
          meta.put(m.group(2), m.group(3).trim());
        } else {
          images.put(m.group(2), HexFormat.of().parseHex(m.group(3).trim()));
        }
      }
      assertThat(meta).as("the SVS's identifying metadata").containsKeys("ScanScope_ID", "Date", "Time", "User");
      assertThat(images.keySet()).as("label and macro windows").anyMatch(k -> k.startsWith("label"))
          .anyMatch(k -> k.startsWith("macro"));
      return new SvsSecrets(meta, images);
    }
  }
}
