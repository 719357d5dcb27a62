package io.slidestream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.bench.models.HemExperiment;
import java.nio.file.Files;
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

/**
 * {@code bench hem} end to end on a tiny budget: both arms train through the real trainer and
 * error-map worker, and the table has its rows with measured numbers. It checks the plumbing, not
 * the claim: a few iterations learn nothing.
 */
class HemBenchCommandTest {

  @TempDir Path dir;

  private static int[] threads;

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

  private static final Pattern RUN_ROW = Pattern.compile(
      "(?m)^\\| (uniform|mining) \\| (\\d+) \\| ([0-9.]+|NaN) \\| ([0-9.]+) \\| (not reached|\\d+) \\| ([0-9.]+)% \\|"
          + " ([0-9.]+)% \\| (\\d+) \\| (\\d+) \\|$");

  @Test
  void bothArmsRunAndTheTableHoldsMeasuredNumbers() throws Exception {
    Path table = dir.resolve("bench/hem.md");
    TrainBenchCommandTest.Result r = TrainBenchCommandTest.run("bench", "hem", "--seeds", "5",
        "--train-images", "2", "--validation-images", "1", "--size", "128", "--downsample", "8",
        "--rare-fraction", "0.02", "--iterations", "12", "--batch", "2", "--patch", "32", "--filters", "4",
        "--levels", "2", "--validate-every", "4", "--target", "0.01", "--cell-size", "32", "--k0", "4",
        "--n-min", "8", "--pool", "64", "--work", dir.resolve("work").toString(), "--table", table.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("command: bin/slidestream bench hem --seeds 5")
        .contains("rare class (Carcinoma in situ) share of tissue: training 0.")
        .contains("seeds [5]");
    Matcher m = RUN_ROW.matcher(r.out());
    List<String> arms = new ArrayList<>();
    while (m.find()) {
      arms.add(m.group(1));
      assertThat(m.group(2)).isEqualTo("5");
      assertThat(Double.parseDouble(m.group(4))).as("overall Dice").isBetween(0.0, 1.0).isPositive();
      assertThat(Double.parseDouble(m.group(6))).as("trainer idle %").isBetween(0.0, 100.0);
      assertThat(Double.parseDouble(m.group(7))).as("error-map idle %").isBetween(0.0, 100.0);
      assertThat(Integer.parseInt(m.group(8))).as("cycles").isGreaterThan(HemExperiment.WARM_UP_CYCLES);
    }
    assertThat(arms).containsExactly("uniform", "mining");
    // The summary rows: one run per arm.
    assertThat(r.out()).containsPattern("(?m)^\\| uniform \\| 1 \\| ").containsPattern("(?m)^\\| mining \\| 1 \\| ");
    // The table file is what was printed.
    String written = Files.readString(table);
    assertThat(r.out()).contains(written);
    assertThat(written).contains("| sampling | seed | rare Dice (final) |");
    // Each run validated on the held-out region three times (iterations 4, 8, 12).
    assertThat(r.err()).containsPattern("uniform-5: iteration 4, rare Dice")
        .containsPattern("mining-5: iteration 12, rare Dice");
  }

}
