package io.slidestream.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; each subcommand is one thing a user does with Slidestream. */
@Command(
    name = "slidestream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Turns whole-slide images into tissue segmentation masks, streaming tiles through a U-Net.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      SubmitCommand.class,
      PredictCommand.class,
      TrainCommand.class,
      HemWorkerCommand.class,
      EvalCommand.class,
      io.slidestream.app.bench.BenchCommand.class,
      InfoCommand.class,
      RegionCommand.class,
      ConfigCommand.class,
      AclsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SlidestreamCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand there is nothing to do but say what exists. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static CommandLine commandLine() {
    return new CommandLine(new SlidestreamCommand()).setExecutionExceptionHandler(new ErrorReporter());
  }
}
