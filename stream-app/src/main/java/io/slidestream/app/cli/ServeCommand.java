package io.slidestream.app.cli;

import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the long-running service: consume slide jobs from Kafka and publish tiles and masks.")
final class ServeCommand extends PendingCommand {
  ServeCommand() {
    super(5);
  }
}
