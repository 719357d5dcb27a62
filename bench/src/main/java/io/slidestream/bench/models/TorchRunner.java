package io.slidestream.bench.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bench/python/unet_torch.py} once and reads its JSON line. */
final class TorchRunner {

  /** What one run of the script reports. */
  record Result(String framework, long params, int threads, double[] seconds) {}

  private final String python;
  private final Path script;
  private final int threads;

  TorchRunner(String python, Path script, int threads) {
    this.python = python;
    this.script = script;
    this.threads = threads;
  }

  Result run(int filters, int levels, int size, int batch, int classes, String mode, boolean channelsLast,
      int warmup, int steps) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(),
        "--filters", Integer.toString(filters), "--levels", Integer.toString(levels),
        "--size", Integer.toString(size), "--batch", Integer.toString(batch),
        "--classes", Integer.toString(classes), "--threads", Integer.toString(threads),
        "--mode", mode, "--warmup", Integer.toString(warmup), "--steps", Integer.toString(steps)));
    if (channelsLast) {
      cmd.add("--channels-last");
    }
    Path log = Files.createTempFile("unet-torch", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("PyTorch benchmark did not finish: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0) {
        throw new IOException("PyTorch benchmark failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
            + "\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      JsonNode json = new ObjectMapper().readTree(text.substring(text.lastIndexOf('\n') + 1));
      double[] seconds = new double[json.get("seconds").size()];
      for (int i = 0; i < seconds.length; i++) {
        seconds[i] = json.get("seconds").get(i).asDouble();
      }
      return new Result(json.get("framework").asText(), json.get("params").asLong(), json.get("threads").asInt(),
          seconds);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
