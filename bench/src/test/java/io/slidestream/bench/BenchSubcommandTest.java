package io.slidestream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.app.cli.SlidestreamCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** With the benchmarks' jar on the class path, the CLI has {@code bench} and every benchmark under it. */
class BenchSubcommandTest {

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void theServiceLoaderAddsBenchWithEveryBenchmark() {
    assertThat(help("--help")).containsPattern("(?m)^\\s+bench\\s+\\S.*$");
    String bench = help("bench", "--help");
    for (String sub : List.of("tiles", "stitch", "unet", "onednn", "train", "pipeline", "hem")) {
      assertThat(bench).containsPattern("(?m)^\\s+" + sub + "\\s+\\S.*$");
    }
  }
}
