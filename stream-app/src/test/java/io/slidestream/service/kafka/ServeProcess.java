package io.slidestream.service.kafka;

import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code slidestream serve} in a JVM of its own (the test's class path), configured by a file that
 * includes the shipped configuration, its output in a log file. It can be stopped as an operator
 * would (SIGTERM) or killed (SIGKILL: {@link Process#destroyForcibly()} on Linux).
 */
final class ServeProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ServeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Writes the configuration overrides to {@code <dir>/<name>.conf} and starts the service. */
  static ServeProcess start(Path dir, String name, Map<String, Object> overrides) throws IOException {
    Path conf = dir.resolve(name + ".conf");
    StringBuilder text = new StringBuilder("include classpath(\"application.conf\")\n");
    // Keys are paths (dotted); values rendered as HOCON/JSON.
    overrides.forEach((key, value) -> text.append(key).append(" = ")
        .append(ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise())).append('\n'));
    Files.writeString(conf, text);
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dconfig.file=" + conf,
        "-cp", System.getProperty("java.class.path"), "io.slidestream.app.Main", "serve"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new ServeProcess(pb.start(), log);
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM, then waits for the graceful shutdown, which must end with the service's last log line.
   * Returns the exit status: 143 (128 + SIGTERM) is how a JVM ends after its shutdown hooks ran.
   */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("serve did not stop within 90 s of SIGTERM; log:\n" + logTail());
    }
    if (!logTail().contains("slidestream service stopped")) {
      throw new AssertionError("serve stopped without finishing its graceful shutdown; log:\n" + logTail());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
