package io.slidestream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tiling is framework-free, like qupath-core: no models, no Kafka, no Pekko, no service code. */
class TilingPackageRulesTest {

  static JavaClasses tiling;

  @BeforeAll
  static void importClasses() {
    tiling = PackageRules.mainClasses();
  }

  @Test
  void tilingDoesNotUseModels() {
    PackageRules.mayNotUse("models depends on tiling, never the other way", "io.slidestream.models..")
        .check(tiling);
  }

  @Test
  void tilingUsesNoStreamingFrameworkAndNoServiceCode() {
    PackageRules.mayNotUse("tiling is the framework-free core: no Kafka, no Pekko", PackageRules.KAFKA_AND_PEKKO)
        .check(tiling);
    PackageRules.mayNotUse("stream-app depends on tiling, never the other way", PackageRules.STREAM_APP)
        .check(tiling);
  }

  @Test
  void tilingDoesNotUseBenchmarks() {
    PackageRules.mayNotUse("benchmarks ship in no artifact", PackageRules.BENCH).check(tiling);
  }

  @Test
  void internalsAreUsedOnlyFromTheirParent() {
    PackageRules.internalsStayInside().check(tiling);
  }
}
