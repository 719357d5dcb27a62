package io.slidestream.bench.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DL4J side and the bookkeeping of the benchmark, with a stand-in for the PyTorch script (the
 * real one needs python3-torch, which the test machines need not have): it reports fixed timings
 * and a parameter count, and records how it was called.
 */
class UNetBenchmarkTest {

  @TempDir
  Path dir;

  private Path fakeTorch(long params, double seconds) throws IOException {
    Path calls = dir.resolve("calls.txt");
    return Files.writeString(dir.resolve("fake_torch.py"), String.join("\n",
        "import json, sys",
        "open(" + pyString(calls) + ", 'a').write(' '.join(sys.argv[1:]) + '\\n')",
        "steps = int(sys.argv[sys.argv.index('--steps') + 1])",
        "print('some log line')",
        "print(json.dumps({'framework': 'fake', 'params': " + params + ", 'threads': 2, 'seconds': [" + seconds
            + "] * steps}))",
        ""));
  }

  private static String pyString(Path p) {
    return "'" + p.toString().replace("'", "\\'") + "'";
  }

  private static long params(int filters, int levels) {
    return UNet.create(UNetConfig.builder().levels(levels).filters(filters).patchSize(32).classes(3).build())
        .numParams();
  }

  private UNetBenchmark.Options options(Path script) {
    return new UNetBenchmark.Options(List.of(new UNetBenchmark.Shape(4, 2)), 32, 3, 2, 3, 2, 1, 2, 2,
        "/usr/bin/python3", script);
  }

  @Test
  void interleavesRoundsAndReportsMediansAndRatios() throws Exception {
    Path script = fakeTorch(params(4, 2), 1000.0);
    StringWriter text = new StringWriter();
    List<UNetBenchmark.Row> rows = UNetBenchmark.run(new PrintWriter(text), options(script));

    assertThat(rows).extracting(UNetBenchmark.Row::task).containsExactly(UNetBenchmark.Task.values());
    for (UNetBenchmark.Row r : rows) {
      assertThat(r.params()).isEqualTo(params(4, 2));
      assertThat(r.torch()).isEqualTo(1000.0);
      boolean training = r.task() == UNetBenchmark.Task.TRAIN || r.task() == UNetBenchmark.Task.TRAIN_VS_CHANNELS_LAST;
      assertThat(r.batch()).isEqualTo(training ? 2 : 3);
      assertThat(r.dl4j()).isPositive().isLessThan(1000.0);
      assertThat(r.ratio()).isEqualTo(r.dl4j() / 1000.0);
    }
    // DL4J runs NCHW only: the channels-last rows compare PyTorch with DL4J's NCHW timings.
    assertThat(rows.get(1).dl4j()).isEqualTo(rows.get(0).dl4j());
    assertThat(rows.get(3).dl4j()).isEqualTo(rows.get(2).dl4j());
    // Two rounds of four tasks, each one run of the script, with the stated settings.
    List<String> calls = Files.readAllLines(dir.resolve("calls.txt"));
    assertThat(calls).hasSize(8);
    assertThat(calls.get(0)).contains("--filters 4 --levels 2 --size 32 --batch 2 --classes 3 --threads 2")
        .contains("--mode train --warmup 1 --steps 2").doesNotContain("--channels-last");
    assertThat(calls.get(1)).contains("--mode train").endsWith("--channels-last");
    assertThat(calls.get(2)).contains("--batch 3").contains("--mode infer").doesNotContain("--channels-last");
    assertThat(calls.get(3)).contains("--mode infer").endsWith("--channels-last");
    assertThat(text.toString()).contains("| filters/levels | parameters | task | layout |")
        .contains("| 4/2 | ").contains("| training step | DL4J NCHW, PyTorch channels-last | 2 |")
        .contains("DL4J:    backend=CPU");
  }

  @Test
  void refusesToCompareDifferentNetworks() throws Exception {
    Path script = fakeTorch(params(4, 2) + 1, 1.0);
    assertThatThrownBy(() -> UNetBenchmark.run(new PrintWriter(new StringWriter()), options(script)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the same network");
  }

  @Test
  void aFailingScriptSaysWhy() throws Exception {
    Path script = Files.writeString(dir.resolve("broken.py"), "import sys\nsys.stderr.write('no torch here')\nsys.exit(3)\n");
    assertThatThrownBy(() -> UNetBenchmark.run(new PrintWriter(new StringWriter()), options(script)))
        .isInstanceOf(IOException.class).hasMessageContaining("exit 3").hasMessageContaining("no torch here");
  }

  @Test
  void parsesOptions() {
    UNetBenchmark.Options o = UNetBenchmark.parse(new String[] {"--shapes", "8/3, 16/4", "--size", "128",
        "--rounds", "5", "--python", "/opt/py"});
    assertThat(o.shapes()).containsExactly(new UNetBenchmark.Shape(8, 3), new UNetBenchmark.Shape(16, 4));
    assertThat(o.size()).isEqualTo(128);
    assertThat(o.rounds()).isEqualTo(5);
    assertThat(o.python()).isEqualTo("/opt/py");
    assertThat(o.trainBatch()).isEqualTo(4);
    assertThat(UNetBenchmark.Options.defaults().shapes()).containsExactly(new UNetBenchmark.Shape(16, 4),
        new UNetBenchmark.Shape(32, 5));
    assertThatThrownBy(() -> UNetBenchmark.parse(new String[] {"--colour", "red"}))
        .hasMessageContaining("unknown options [--colour]");
  }
}
