package io.slidestream.app.cli;

import picocli.CommandLine.Command;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Segment one slide without Kafka and write its mask, overview and GeoJSON.")
final class PredictCommand extends PendingCommand {
  PredictCommand() {
    super(5);
  }
}
