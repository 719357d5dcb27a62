package io.slidestream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.slidestream.images.readers.SlideReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints what a slide is: the reader used, levels, sizes, µm/px. Never vendor metadata. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Print a slide's pyramid levels, sizes and µm/px as JSON.")
final class InfoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "The slide file.")
  Path slide;

  @Option(names = "--reader", paramLabel = "NAME",
      description = "Slide reader to use (tiff, openslide, synthetic); default: the best that opens the file.")
  String reader;

  @Override
  public Integer call() throws Exception {
    try (SlideReader r = SlideFiles.open(slide, reader)) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      spec.commandLine().getOut().println(json.writeValueAsString(r.info()));
    }
    return 0;
  }
}
