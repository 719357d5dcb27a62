package io.slidestream.app.cli;

import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a U-Net from annotated slides or label masks.")
final class TrainCommand extends PendingCommand {
  TrainCommand() {
    super(4);
  }
}
