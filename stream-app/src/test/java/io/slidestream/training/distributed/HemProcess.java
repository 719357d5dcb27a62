package io.slidestream.training.distributed;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code slidestream} command in a JVM of its own (the test's class path), configured by a file
 * that includes the shipped configuration, its output in a log file; killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux).
 */
final class HemProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private HemProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static HemProcess start(Path dir, String name, Map<String, Object> overrides, String... args) throws IOException {
    Path conf = dir.resolve(name + ".conf");
    StringBuilder text = new StringBuilder("include classpath(\"application.conf\")\n");
    overrides.forEach((key, value) -> text.append(key).append(" = ")
        .append(ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise())).append('\n'));
    Files.writeString(conf, text);
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-Dconfig.file=" + conf,
        "-cp", System.getProperty("java.class.path"), "io.slidestream.app.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // Two JVMs share the machine: one native thread each keeps them from fighting over the cores.
    pb.environment().put("OMP_NUM_THREADS", "1");
    return new HemProcess(pb.start(), log);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("still running after " + seconds + " s; log:\n" + logTail());
    }
    return process.exitValue();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  String logTail() {
    List<String> lines = log().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
