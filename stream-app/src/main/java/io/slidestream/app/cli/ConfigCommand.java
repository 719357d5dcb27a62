package io.slidestream.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.security.Secret;
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
    spec.commandLine().getOut().println(masked(config.getConfig("slidestream")).root().render(options));
    return 0;
  }

  /**
   * The configuration with every value that could be a credential replaced: slidestream's own
   * keys hold only file and variable names, but free-form client and broker properties
   * ({@code kafka-clients}, {@code overrides}) may hold a password or a JAAS line.
   */
  static Config masked(Config config) {
    Config out = config;
    for (var entry : config.entrySet()) {
      String key = entry.getKey();
      java.util.List<String> path = com.typesafe.config.ConfigUtil.splitPath(key);
      if (Secret.isCredentialKey(path.get(path.size() - 1))) {
        out = out.withValue(key, com.typesafe.config.ConfigValueFactory.fromAnyRef(Secret.HIDDEN));
      }
    }
    return out;
  }
}
