package io.slidestream.app.cli;

import picocli.CommandLine.Command;

@Command(name = "submit", mixinStandardHelpOptions = true, description = "Publish a slide job and follow its progress until the mask is written.")
final class SubmitCommand extends PendingCommand {
  SubmitCommand() {
    super(5);
  }
}
