package io.slidestream.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  @Test
  void readsSectionIncludingQuotedBrokerPropertyOverrides() {
    var section = ConfigFactory.parseString("""
        host = "127.0.0.1"
        port = 0
        controller-port = 0
        offsets-partitions = 2
        overrides { "log.retention.hours" = 24, "num.io.threads" = 2 }
        """);
    BrokerSettings s = BrokerSettings.fromConfig(section, Path.of("/data/kafka"));
    assertThat(s.dataDir()).isEqualTo(Path.of("/data/kafka"));
    assertThat(s.offsetsPartitions()).isEqualTo(2);
    assertThat(s.overrides()).isEqualTo(Map.of("log.retention.hours", "24", "num.io.threads", "2"));
  }

  @Test
  void rejectsImpossiblePorts() {
    assertThatThrownBy(() -> new BrokerSettings(Path.of("x"), "127.0.0.1", 70000, 0, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
  }
}
