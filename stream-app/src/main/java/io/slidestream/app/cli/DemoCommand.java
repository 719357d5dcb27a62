package io.slidestream.app.cli;

import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole service on the embedded default: broker, synthetic slide, small model, masks.")
final class DemoCommand extends PendingCommand {
  DemoCommand() {
    super(5);
  }
}
