package io.slidestream.hem.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.hem.HemCycleReport;
import io.slidestream.models.hem.HemListener;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.MBeanServer;
import org.junit.jupiter.api.Test;

class TrainingTelemetryTest {

  static HemCycleReport report(long cycle, double dice) {
    return new HemCycleReport("run-x", cycle, List.of("train-0:patient-9.svs", "region-2"), 8, 10, 40, 12 * cycle,
        0.05, 0.4, 0.7, dice, List.of(0.3, 0.2), 1.5);
  }

  @Test
  void cycleEventsAreJsonWithOpaqueSlidesAndNoNaN() {
    TrainingEventCodec codec = new TrainingEventCodec();
    String json = codec.toJson(TrainingEvent.cycle(report(3, Double.NaN), Instant.parse("2025-01-31T12:00:00Z")));
    assertThat(json).startsWith("{\"schema\":\"slidestream.training/1\",\"runId\":\"run-x\",\"type\":\"CYCLE\"")
        .contains("\"k\":8", "\"nextK\":10", "\"poolSize\":40", "\"iteration\":36", "\"trainerIdle\":0.05",
            "\"region-2\"", "\"timestamp\":\"2025-01-31T12:00:00Z\"")
        .doesNotContain("patient", "NaN", "validationDice");
    TrainingEvent back = codec.fromJson(json);
    assertThat(back.cycle()).isEqualTo(3);
    assertThat(back.slides()).hasSize(2).first().asString().matches("slide-[0-9a-f]{16}");
    assertThat(back).isEqualTo(TrainingEvent.cycle(report(3, Double.NaN), Instant.parse("2025-01-31T12:00:00Z")));
  }

  @Test
  void theMBeanShowsTheLastCycleAndTheLastDiceMeasured() throws Exception {
    List<HemCycleReport> passed = new ArrayList<>();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try (TrainingTelemetry t = new TrainingTelemetry("run-x", HemListener.cycles(passed::add), Optional.empty(),
        Clock.systemUTC())) {
      var name = TrainingMetrics.objectName("run-x");
      assertThat(name.toString()).isEqualTo("io.slidestream:type=Training,name=\"run-x\"");
      assertThat(server.getAttribute(name, "State")).isEqualTo("STARTED");
      t.cycle(report(0, 0.61));
      t.cycle(report(1, Double.NaN));
      assertThat(passed).hasSize(2);
      assertThat(server.getAttribute(name, "Cycle")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "K")).isEqualTo(8);
      assertThat(server.getAttribute(name, "PoolSize")).isEqualTo(40);
      assertThat(server.getAttribute(name, "ErrorMapIdle")).isEqualTo(0.4);
      assertThat(server.getAttribute(name, "ValidationDice")).isEqualTo(0.61);
      assertThat(server.getAttribute(name, "Iteration")).isEqualTo(12L);
      t.finished(0.61, "run-x.model.zip");
      assertThat(server.getAttribute(name, "State")).isEqualTo("FINISHED");
    }
    assertThat(server.isRegistered(TrainingMetrics.objectName("run-x"))).isFalse();
  }
}
