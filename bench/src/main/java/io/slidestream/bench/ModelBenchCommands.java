package io.slidestream.bench;

import io.slidestream.bench.models.OneDnnBenchmark;
import io.slidestream.bench.models.UNetBenchmark;
import io.slidestream.models.runtime.Dl4jRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The network benchmarks of the models module, run from the CLI. */
final class ModelBenchCommands {

  private ModelBenchCommands() {}

  @Command(name = "unet", mixinStandardHelpOptions = true,
      description = "The same U-Net in DL4J and PyTorch (python3-torch), interleaved: training step and inference"
          + " for 16/4 and 32/5 filters/levels at 256x256.")
  static final class UNet implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Dl4jRuntime.initialise();
      PrintWriter out = spec.commandLine().getOut();
      UNetBenchmark.run(out, UNetBenchmark.Options.defaults());
      out.flush();
      return 0;
    }
  }

  @Command(name = "onednn", mixinStandardHelpOptions = true,
      description = "The same U-Net step with DL4J's stock CPU set-up and with the project's oneDNN fix, side by side.")
  static final class OneDnn implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      OneDnnBenchmark.run(out, OneDnnBenchmark.Options.defaults());
      out.flush();
      return 0;
    }
  }
}
