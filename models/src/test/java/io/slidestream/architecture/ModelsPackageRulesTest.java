package io.slidestream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** models may use tiling, never Kafka, Pekko or stream-app's code. */
class ModelsPackageRulesTest {

  static JavaClasses models;

  @BeforeAll
  static void importClasses() {
    models = PackageRules.mainClasses();
  }

  @Test
  void modelsUsesNoKafkaAndNoPekko() {
    PackageRules.mayNotUse("models is trained and run without a broker or a stream graph",
        PackageRules.KAFKA_AND_PEKKO).check(models);
  }

  @Test
  void modelsDoesNotUseStreamApp() {
    PackageRules.mayNotUse("stream-app depends on models, never the other way", PackageRules.STREAM_APP)
        .check(models);
  }

  @Test
  void modelsDoesNotUseBenchmarks() {
    PackageRules.mayNotUse("benchmarks ship in no artifact", PackageRules.BENCH).check(models);
  }

  @Test
  void internalsAreUsedOnlyFromTheirParent() {
    PackageRules.internalsStayInside().check(models);
  }
}
