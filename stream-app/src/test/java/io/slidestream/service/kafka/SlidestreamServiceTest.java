package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.topics.TopicProvisioningException;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.ServiceComponents;
import io.slidestream.service.pipeline.SlideJobRunner;
import io.slidestream.service.records.JobOutput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/** Starting and configuring the service, where no broker is needed to tell. */
class SlidestreamServiceTest {

  @Test
  void aServiceThatCannotReachKafkaFailsToStartAndClosesWhatItWasGiven() {
    AtomicBoolean runnerClosed = new AtomicBoolean();
    AtomicBoolean resourceClosed = new AtomicBoolean();
    SlideJobRunner runner = new SlideJobRunner() {
      @Override
      public Source<JobOutput, NotUsed> run(SlideJob job) {
        return Source.empty();
      }

      @Override
      public void close() {
        runnerClosed.set(true);
      }
    };
    Config config = ConfigFactory.parseMap(Map.of(
            // Nothing listens on port 1 of loopback.
            "slidestream.kafka.bootstrap-servers", "127.0.0.1:1",
            "slidestream.kafka.admin-timeout", "2s"))
        .withFallback(SlidestreamConfig.load());
    assertThatThrownBy(() -> SlidestreamService.start(config,
        new ServiceComponents(FakeJobs::job, runner, List.of(() -> resourceClosed.set(true)))))
        .isInstanceOf(TopicProvisioningException.class).hasMessageContaining("timed out");
    assertThat(runnerClosed).isTrue();
    assertThat(resourceClosed).isTrue();
  }

  @Test
  void theDrainingPhaseOutlastsTheDrainTimeout() {
    Config c = SlidestreamService.withShutdownTimeouts(SlidestreamConfig.load(), Duration.ofSeconds(120));
    assertThat(c.getDuration("pekko.coordinated-shutdown.phases.service-requests-done.timeout"))
        .isEqualTo(Duration.ofSeconds(150));
    assertThat(c.getDuration("pekko.coordinated-shutdown.phases.before-actor-system-terminate.timeout"))
        .as("room to stop the embedded broker").isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theServeSettingsAreReadAndChecked() {
    ServeSettings s = ServeSettings.fromConfig(SlidestreamConfig.load().getConfig("slidestream.serve"));
    assertThat(s.slidesInFlight()).isEqualTo(2);
    assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThatThrownBy(() -> new ServeSettings(0, Duration.ZERO)).hasMessageContaining("slides-in-flight");
  }
}
