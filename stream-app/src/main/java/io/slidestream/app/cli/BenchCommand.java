package io.slidestream.app.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark (tiles, train, pipeline, hem) and print its table.")
final class BenchCommand extends PendingCommand {
  BenchCommand() {
    super(3);
  }
}
