package io.slidestream.service.kafka;

import static io.slidestream.service.kafka.OpsEndpointsTest.check;
import static io.slidestream.service.kafka.OpsEndpointsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.ops.http.OperatedService;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.ServiceTopics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the broker: a running service answers 200 on {@code /health/ready}, 503
 * naming the broker once its broker stops, and 200 again once the broker is back on the same port
 * and data directory, without a restart of the service, which then still runs a job.
 */
class ReadinessBrokerRestartTest {

  @TempDir Path dir;

  @Test
  void readyTurns503WhenTheBrokerStopsAnd200WhenItIsBackWithoutARestartOfTheService() throws Exception {
    Dl4jRuntime.initialise();
    BrokerSettings settings = BrokerSettings.at(dir.resolve("kafka")).withPorts(freePort(), freePort());
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
    KafkaTestBed bed = KafkaTestBed.external(broker.bootstrapServers());
    try {
      Path work = dir.resolve("work");
      TinyModels.save(work.resolve("models"), "tiny", 2.0);
      Path slide = TestSlides.synthetic(work.resolve("slides"), "after-restart", 512, 512, 9);
      ServiceTopics topics = KafkaTestBed.topics("rdy");
      try (OperatedService ops = OperatedService.start(bed.config("rdy", work,
          Map.of("slidestream.http.health-timeout", "1s")))) {
        String base = "http://" + ops.httpHostPort().orElseThrow();
        OpsHttp.await(base + "/health/ready", null, Duration.ofSeconds(60), r -> r.status() == 200);

        broker.close();
        OpsHttp.Response down = OpsHttp.await(base + "/health/ready", null, Duration.ofSeconds(30),
            r -> r.status() == 503);
        assertThat(check(json(down.body()).path("checks"), "broker").path("ok").asBoolean())
            .as("the broker check: " + down.body()).isFalse();
        assertThat(check(json(down.body()).path("checks"), "model-store").path("ok").asBoolean()).isTrue();
        assertThat(OpsHttp.get(base + "/health/alive").status()).as("alive all along").isEqualTo(200);

        broker = EmbeddedKafkaBroker.start(settings);
        OpsHttp.Response up = OpsHttp.await(base + "/health/ready", null, Duration.ofSeconds(120),
            r -> r.status() == 200);
        assertThat(json(up.body()).path("ready").asBoolean()).isTrue();
        assertThat(ops.service().stopping()).as("the same service, never restarted").isFalse();

        JobRecord job = JobRecord.of("job-after-restart", slide.toString(), "tiny");
        bed.send(topics.jobs(), null, JobSubmitter.keyFor(job), job);
        new Published(bed, topics).awaitMasks(Duration.ofSeconds(120), "job-after-restart");
      }
    } finally {
      bed.close();
      broker.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
