package io.slidestream.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks: each prints a table with the command that reproduces it. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark (tiles, stitch, unet, onednn, train, pipeline, hem) and print its table.",
    subcommands = {
      TilesBenchCommand.class,
      StitchBenchCommand.class,
      ModelBenchCommands.UNet.class,
      ModelBenchCommands.OneDnn.class,
      TrainBenchCommand.class,
      PipelineBenchCommand.class,
      HemBenchCommand.class
    })
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark");
  }
}
