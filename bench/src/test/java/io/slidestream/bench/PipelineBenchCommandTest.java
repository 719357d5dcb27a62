package io.slidestream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.app.cli.SlidestreamCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The pipeline benchmark at toy sizes: both parts run and print the tables the README quotes. */
class PipelineBenchCommandTest {

  @TempDir Path dir;

  @Test
  void printsTheTimingRatioAndTheMemoryTable() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute("bench", "pipeline", "--dir", dir.toString(), "--size", "1024", "--levels", "2",
        "--filters", "4", "--patch", "64", "--halo", "8", "--mpp", "2.0", "--repeats", "1", "--metrics", "compare",
        "--rss-sizes", "1024,1536", "--rss-rounds", "1", "--rss-patch", "64", "--jvm-options", "-Xmx256m");
    String text = out.toString();
    assertThat(exit).as(err + text).isZero();
    assertThat(text).contains("runner only (no Kafka hop)").contains("bench pipeline --dir");
    // 1024 px at 0.5 µm/px read at 2 µm/px: a 256 px grid of 48 px cores, 6 x 6 tiles.
    Matcher e2e = Pattern.compile("\\| end to end: .* \\| 36 \\((\\d+) inferred\\) \\| (\\d+\\.\\d+) \\|").matcher(text);
    assertThat(e2e.find()).as(text).isTrue();
    int inferred = Integer.parseInt(e2e.group(1));
    assertThat(inferred).isBetween(1, 36);
    assertThat(text).containsPattern("\\| pure inference: the model alone over the same " + inferred
        + " patches, pre-read \\| " + inferred + " \\| \\d+\\.\\d+ \\|");
    assertThat(text).containsPattern("pipeline / pure inference: \\d+\\.\\d{3}× \\(target ≤ 1\\.10\\)");
    assertThat(text).containsPattern("\\| end to end, the runner reporting to the service's metrics \\| 36 \\("
        + inferred + " inferred\\) \\| \\d+\\.\\d+ \\|");
    assertThat(text).containsPattern("metrics on / off: \\d+\\.\\d{3}× \\(target ≤ 1\\.01\\)");
    assertThat(text).containsPattern("# each round, seconds: metrics off \\d+\\.\\d\\d; on \\d+\\.\\d\\d\n");
    // The measured runner ran twice (its warm-up and one round), reporting every tile.
    assertThat(text).containsPattern("# the metrics counted " + 2 * inferred + " tiles inferred in \\d+ network calls");
    assertThat(text).containsPattern("# the listener's own cost: \\d+ ns a call, about \\d+ calls a job: \\d+\\.\\d{3} ms");
    assertThat(text).containsPattern("\\| 1024 \\| 16 \\(\\d+\\) \\| \\d+\\.\\d \\| (\\d+) \\(\\1\\) \\| \\d+ \\|");
    assertThat(text).containsPattern("\\| 1536 \\| 36 \\(\\d+\\) \\| \\d+\\.\\d \\| (\\d+) \\(\\1\\) \\| \\d+ \\|");
    assertThat(text).contains("pipeline / its own inference time, same run:");
    assertThat(text).containsPattern("peak RSS, largest vs smallest slide: \\d+\\.\\d{3}×");
  }
}
