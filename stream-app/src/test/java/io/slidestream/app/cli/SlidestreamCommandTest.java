package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SlidestreamCommandTest {

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

  @Test
  void helpListsEverySubcommandWithADescription() {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    for (String sub : List.of("demo", "serve", "submit", "predict", "train", "config")) {
      assertThat(r.out()).containsPattern("(?m)^\\s+" + sub + "\\s+\\S.*$");
    }
    // bench comes with the benchmarks' jar (SubcommandProvider), which the service's class path lacks.
    assertThat(r.out()).doesNotContainPattern("(?m)^\\s+bench\\s");
  }

  /** A subcommand still to come, as every pending one is declared. */
  @CommandLine.Command(name = "later")
  static final class Later extends PendingCommand {
    Later() {
      super(99);
    }
  }

  @Test
  void pendingSubcommandSaysSoAndFails() {
    // Every shipped subcommand is implemented now (bench hem, issue #6, was the last), so a stand-in.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Later());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute()).isEqualTo(PendingCommand.EXIT_UNAVAILABLE);
    assertThat(err.toString()).contains("later").contains("not implemented yet").contains("issue #99");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void noSubcommandIsAUsageError() {
    Result r = run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("missing subcommand");
  }

  /** Environment variables can only be set for a new process, so this one runs the CLI in one. */
  @Test
  void environmentVariablesOverrideConfiguration() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(
        Path.javaBinary(), "-cp", System.getProperty("java.class.path"),
        "io.slidestream.app.Main", "config", "--json");
    pb.environment().putAll(Map.of(
        "SLIDESTREAM_KAFKA_BOOTSTRAP_SERVERS", "broker-a:9092",
        "CONFIG_FORCE_slidestream_embedded__broker_offsets__partitions", "7"));
    pb.redirectErrorStream(false);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.at("/kafka/bootstrap-servers").asText()).isEqualTo("broker-a:9092");
    assertThat(json.at("/embedded-broker/offsets-partitions").asText()).isEqualTo("7");
    assertThat(json.at("/embedded-broker/host").asText()).as("untouched keys keep the file's value").isEqualTo("127.0.0.1");
  }

  private static final class Path {
    static String javaBinary() {
      return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }
}
