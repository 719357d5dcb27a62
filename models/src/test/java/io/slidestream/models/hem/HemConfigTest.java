package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.models.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** train.hem as written in a training file: defaults, every key, and clear errors. */
class HemConfigTest {

  private static Config train(String hem) {
    return ConfigFactory.parseString("train { " + hem + " }").getConfig("train");
  }

  @Test
  void absentIsOffWithTheDefaults() {
    HemConfig c = HemConfig.fromConfig(train(""));
    assertThat(c.enabled()).isFalse();
    assertThat(c).isEqualTo(HemConfig.OFF);
    assertThat(HemConfig.fromConfig(train("hem.enabled = true"))).isEqualTo(HemConfig.OFF.withEnabled(true));
  }

  @Test
  void readsEveryKey() {
    HemConfig c = HemConfig.fromConfig(train("""
        hem { enabled = true, k0 = 32, k-min = 4, k-max = 512, k-step = 0.5, k-deadband = 0.1, n-min = 64,
              pool-capacity = 1000, floor = 1, cell-size = 128, slide-temperature = 0.3, slide-floor = 0.4,
              error-decay = 0.7, workers = 3, patience = 90s }"""));
    assertThat(c).isEqualTo(new HemConfig(true, 32, 4, 512, 0.5, 0.1, 64, 1000, 1.0, 128, 0.3, 0.4, 0.7, 3,
        Duration.ofSeconds(90)));
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem { k0 = 2, k-min = 4 }")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k-min <= k0 <= k-max");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem { n-min = 100, pool-capacity = 50 }")))
        .hasMessageContaining("n-min <= pool-capacity");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.floor = 1.5"))).hasMessageContaining("train.hem.floor");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.slide-temperature = 0")))
        .hasMessageContaining("slide-temperature");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.error-decay = 0"))).hasMessageContaining("error-decay");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.workers = 0"))).hasMessageContaining("workers");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.patience = 0s"))).hasMessageContaining("patience");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.k-step = -1"))).hasMessageContaining("k-step");
    assertThatThrownBy(() -> HemConfig.fromConfig(train("hem.workers = many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train.hem").hasMessageContaining("workers");
  }

  @Test
  void aTrainingFileCarriesItAndCannotCombineItWithSmiler() {
    Config root = ConfigFactory.parseString("""
        train { data { images = "i", masks = "m", protocol = "p" }, hem { enabled = true, workers = 2 } }""");
    TrainingConfig config = TrainingConfig.fromConfig(root, Path::of);
    assertThat(config.hem().enabled()).isTrue();
    assertThat(config.hem().workers()).isEqualTo(2);
    assertThat(config.toJson()).contains("\"hem\"").contains("\"patienceSeconds\":600.0");
    Config both = ConfigFactory.parseString("""
        train { data { images = "i", masks = "m", protocol = "p" }, loss = "binary-ambiguity",
                smiler.rounds = 2, hem.enabled = true }""");
    assertThatThrownBy(() -> TrainingConfig.fromConfig(both, Path::of))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train.hem and train.smiler");
  }

  @Test
  void theShippedGlasFileDocumentsTheHemBlockAndLeavesItOff() throws Exception {
    for (String name : new String[] {"glas.conf"}) {
      Path file = Path.of("..", "conf", "train", name);
      Config root = ConfigFactory.parseFile(file.toFile()).resolve();
      assertThat(Files.readString(file)).as(name).contains("hem {");
      HemConfig hem = HemConfig.fromConfig(root.getConfig("train"));
      assertThat(hem.enabled()).as(name + ": off unless asked for").isFalse();
    }
  }
}
