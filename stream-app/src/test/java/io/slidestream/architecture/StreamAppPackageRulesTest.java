package io.slidestream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's artifact holds no benchmark, and internals stay inside their parents. */
class StreamAppPackageRulesTest {

  static JavaClasses app;

  @BeforeAll
  static void importClasses() {
    app = PackageRules.mainClasses();
  }

  @Test
  void mainCodeDoesNotUseBenchmarks() {
    PackageRules.mayNotUse("benchmarks ship in no artifact of the service", PackageRules.BENCH).check(app);
  }

  @Test
  void internalsAreUsedOnlyFromTheirParent() {
    PackageRules.internalsStayInside().check(app);
  }
}
