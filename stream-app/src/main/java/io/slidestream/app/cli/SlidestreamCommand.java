package io.slidestream.app.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command; each subcommand is one thing a user does with Slidestream. Subcommands of other
 * artifacts on the class path ({@link SubcommandProvider}: the benchmarks' {@code bench}) follow
 * the built-in ones, then {@code help}.
 */
@Command(
    name = "slidestream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Turns whole-slide images into tissue segmentation masks, streaming tiles through a U-Net.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      SubmitCommand.class,
      DashboardCommand.class,
      PredictCommand.class,
      TrainCommand.class,
      HemWorkerCommand.class,
      EvalCommand.class,
      InfoCommand.class,
      RegionCommand.class,
      ConfigCommand.class,
      AclsCommand.class
    })
public final class SlidestreamCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand there is nothing to do but say what exists. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SlidestreamCommand());
    for (SubcommandProvider p : ServiceLoader.load(SubcommandProvider.class, SlidestreamCommand.class.getClassLoader())) {
      cl.addSubcommand(p.command());
    }
    // help lists last; the handler, set after every subcommand is added, reaches them all.
    return cl.addSubcommand(new CommandLine.HelpCommand()).setExecutionExceptionHandler(new ErrorReporter());
  }
}
