package io.slidestream.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's import rules, as Kafka keeps them in its import-control files, for each module's
 * rule test: which packages a module's main code may not use, and that an {@code internals}
 * package is used only from within its parent. The rules read the compiled classes of the module
 * under test alone ({@code target/classes}), so each module answers for its own code.
 */
public final class PackageRules {

  /** stream-app's packages: Kafka, Pekko, the CLI, the service, distributed mining. */
  public static final String[] STREAM_APP = {"io.slidestream.app..", "io.slidestream.config..",
      "io.slidestream.kafka..", "io.slidestream.service..", "io.slidestream.hem.."};
  /** The frameworks that only stream-app may use. */
  public static final String[] KAFKA_AND_PEKKO = {"org.apache.kafka..", "org.apache.pekko..", "scala.."};
  /** The benchmarks, which ship in no artifact of the service. */
  public static final String BENCH = "io.slidestream.bench..";

  private PackageRules() {}

  /** The main classes of the module whose tests run (Surefire runs them in the module's directory). */
  public static JavaClasses mainClasses() {
    Path classes = Path.of("target", "classes");
    if (!Files.isDirectory(classes)) {
      throw new IllegalStateException("no compiled classes at " + classes.toAbsolutePath());
    }
    return new ClassFileImporter().importPath(classes);
  }

  /** No class may depend on any of {@code packages} (ArchUnit package patterns). */
  public static ArchRule mayNotUse(String why, String... packages) {
    return noClasses().should().dependOnClassesThat().resideInAnyPackage(packages).because(why);
  }

  /**
   * A class of the project's {@code a.b.internals..} is used only by classes of {@code a.b..}.
   * (Other libraries' internals are their own business; the Kafka client's RecordHeaders, say,
   * is the only implementation of its Headers.)
   */
  public static ArchRule internalsStayInside() {
    return classes().should(new ArchCondition<JavaClass>("use an internals package only from within its parent") {
      @Override
      public void check(JavaClass from, ConditionEvents events) {
        for (Dependency d : from.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          int at = target.indexOf(".internals");
          if (!target.startsWith("io.slidestream.") || at < 0 || !(target.length() == at + ".internals".length() || target.charAt(at + 10) == '.')) {
            continue;
          }
          String parent = target.substring(0, at);
          String source = from.getPackageName();
          if (!(source.equals(parent) || source.startsWith(parent + "."))) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription() + ": " + target
                + " is internal to " + parent));
          }
        }
      }
    });
  }
}
