package io.slidestream.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.slidestream.config.SlidestreamConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the effective configuration, after files, properties and environment are applied. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Print the effective slidestream configuration (after file, -D and environment overrides).")
final class ConfigCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of HOCON.")
  boolean json;

  @Override
  public Integer call() {
    Config config = SlidestreamConfig.load();
    ConfigRenderOptions options = ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(json);
    spec.commandLine().getOut().println(config.getConfig("slidestream").root().render(options));
    return 0;
  }
}
