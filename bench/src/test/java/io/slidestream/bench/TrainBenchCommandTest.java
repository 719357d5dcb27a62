package io.slidestream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.app.cli.SlidestreamCommand;
import io.slidestream.testdata.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/**
 * {@code bench train} end to end on a tiny budget: the real GlaS images (a few of them) and
 * synthetic tissue, every experiment, and the tables have the rows and columns they should. It
 * checks the plumbing, not the numbers: a few iterations learn nothing.
 */
class TrainBenchCommandTest {

  @TempDir Path dir;

  private static int[] threads;

  /**
   * One ND4J thread: these nets are all per-op overhead, and on a shared two-core machine spinning
   * OpenMP workers make every step several times slower.
   */
  @BeforeAll
  static void singleThreaded() {
    Environment env = Nd4j.getEnvironment();
    threads = new int[] {env.maxThreads(), env.maxMasterThreads()};
    env.setMaxThreads(1);
    env.setMaxMasterThreads(1);
  }

  @AfterAll
  static void restoreThreads() {
    Nd4j.getEnvironment().setMaxThreads(threads[0]);
    Nd4j.getEnvironment().setMaxMasterThreads(threads[1]);
  }

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** The runs named in table rows, in order, of the table after {@code heading}. */
  static List<String> rows(String out, String heading) {
    String section = out.substring(out.indexOf(heading));
    int next = section.indexOf("\n## ", 1);
    section = next < 0 ? section : section.substring(0, next);
    Matcher m = Pattern.compile("(?m)^\\| ([a-z-]+) \\|").matcher(section);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      if (!m.group(1).equals("run") && !m.group(1).equals("---")) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void everyExperimentRunsAndPrintsItsTable() {
    Path glas = SharedData.root().resolve("glas/train");
    Path protocol = Path.of(System.getProperty("slidestream.repo.root", "..")).resolve("conf/protocols/glas.conf");
    Result r = run("bench", "train", "--work", dir.toString(), "--glas", glas.toString(), "--glas-protocol",
        protocol.toString(), "--glas-images", "6", "--glas-iterations", "2", "--glas-batch", "2", "--glas-patch", "32",
        "--glas-filters", "2", "--glas-levels", "2", "--synthetic-iterations", "3", "--synthetic-batch", "2",
        "--synthetic-patch", "32", "--synthetic-filters", "2", "--synthetic-levels", "2", "--synthetic-train-images", "4",
        "--synthetic-validation-images", "1", "--synthetic-size", "64", "--seed", "3");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("command: bin/slidestream bench train --work ").contains("seed 3;");
    assertThat(rows(r.out(), "## GlaS")).containsExactly("sparse-none", "sparse-instance", "sparse-minibatch",
        "dense-none");
    assertThat(r.out()).containsPattern("(?m)^\\| run \\| training labels \\| loss \\| balancing \\| overall Dice \\|"
        + " background \\| gland \\|$");
    assertThat(r.out()).containsPattern("sparse annotations keep \\d+\\.\\d% of the training pixels");
    assertThat(r.out()).contains("split by seed 3 into 5 training and 1 validation images");
    assertThat(rows(r.out(), "## Super labels")).containsExactly("full-labels", "partial-ce", "naive-mask");
    assertThat(rows(r.out(), "## Missing annotations")).containsExactly("full-labels", "cross-entropy", "smile",
        "smiler");
    assertThat(r.out()).containsPattern("(?m)^\\| smiler \\| background-or-missing \\| binary-ambiguity:smile \\+ 2"
        + " SMILEr rounds \\| minibatch \\| \\d\\.\\d{3} \\|( (\\d\\.\\d{3}|–) \\|){6}$");
    assertThat(r.err()).contains("SMILEr round 1").contains("SMILEr round 2");
  }

  @Test
  void theMemoryRunReportsEarlyAndLastIterations() {
    Result r = run("bench", "train", "--memory", "--memory-iterations", "12", "--work", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^\\| 10 \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|$")
        .containsPattern("(?m)^\\| 12 \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|$")
        .containsPattern("off-heap at iteration 12 / at iteration 10: \\d\\.\\d{3}; resident: \\d\\.\\d{3}");
  }

  @Test
  void anUnknownExperimentIsAUsageError() {
    Result r = run("bench", "train", "--experiments", "glas,nope");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown experiment 'nope'");
  }
}
