package io.slidestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.config.SlidestreamConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream bench stitch}: peak resident memory of stitching and writing a slide's masks,
 * by slide size. Each size runs in a fresh JVM with the same options, one after the other.
 */
@Command(name = "stitch", mixinStandardHelpOptions = true,
    description = "Peak memory (RSS) of stitching and writing masks for synthetic slides of several sizes.")
final class StitchBenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sizes", split = ",", defaultValue = "10000,50000",
      description = "Slide sides in pixels (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--outputs", defaultValue = "mask-tiff,overview-png,areas-json,geojson",
      description = "Mask outputs to write (default ${DEFAULT-VALUE}).")
  String outputs;

  @Option(names = "--jvm-options", defaultValue = "",
      description = "Options for each child JVM (default: none, i.e. the JVM's own heap sizing).")
  String jvmOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = SlidestreamConfig.home().resolve("work/bench/stitch");
    out.printf("# bench stitch: outputs %s, JVM options '%s'; command: bin/slidestream bench stitch%n", outputs, jvmOptions);
    out.println("| slide side (px) | tiles | seconds | peak RSS (MiB) | output bytes |");
    out.println("|---|---|---|---|---|");
    List<Long> peaks = new ArrayList<>();
    for (int size : sizes) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      if (!jvmOptions.isBlank()) {
        cmd.addAll(List.of(jvmOptions.trim().split("\\s+")));
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StitchRun.class.getName(),
          String.valueOf(size), dir.resolve(String.valueOf(size)).toString(), outputs));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("stitch run for " + size + " failed (exit " + p.exitValue() + ")");
      }
      JsonNode r = new ObjectMapper().readTree(line);
      peaks.add(r.get("peakRssMiB").asLong());
      out.printf("| %d | %d | %.1f | %d | %d |%n", size, r.get("tiles").asInt(), r.get("seconds").asDouble(),
          r.get("peakRssMiB").asLong(), r.get("outputBytes").asLong());
      out.flush();
    }
    if (peaks.size() > 1) {
      out.printf("peak RSS, largest vs smallest slide: %.2f×%n", peaks.get(peaks.size() - 1) / (double) peaks.get(0));
    }
    return 0;
  }
}
