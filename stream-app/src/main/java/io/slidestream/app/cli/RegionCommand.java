package io.slidestream.app.cli;

import io.slidestream.files.PendingFile;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes one region of a slide as PNG, with OpenSlide's read_region coordinates. */
@Command(name = "region", mixinStandardHelpOptions = true,
    description = "Write a region of a slide as PNG (x, y in level-0 pixels; width, height in pixels of the level).")
final class RegionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "The slide file.")
  Path slide;

  @Option(names = "--level", defaultValue = "0", description = "Pyramid level (default 0).")
  int level;

  @Option(names = "--x", required = true, description = "Left edge in level-0 pixels.")
  long x;

  @Option(names = "--y", required = true, description = "Top edge in level-0 pixels.")
  long y;

  @Option(names = "--width", required = true, description = "Width in pixels of the level.")
  int width;

  @Option(names = "--height", required = true, description = "Height in pixels of the level.")
  int height;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
  Path out;

  @Option(names = "--reader", paramLabel = "NAME", description = "Slide reader to use; default: the best that opens the file.")
  String reader;

  @Override
  public Integer call() throws IOException {
    if (width <= 0 || height <= 0 || (long) width * height > RgbRaster.MAX_PIXELS) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "region size " + width + "x" + height + " must be positive and at most " + RgbRaster.MAX_PIXELS + " pixels");
    }
    RgbRaster pixels;
    try (SlideReader r = SlideFiles.open(slide, reader)) {
      if (level < 0 || level >= r.info().levelCount()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "level " + level + " does not exist; the slide has levels 0.." + (r.info().levelCount() - 1));
      }
      pixels = r.readRegion(level, x, y, width, height);
    }
    // Written through a pending file, so a failure never leaves a half-written PNG under the asked name.
    java.awt.image.BufferedImage image = pixels.toBufferedImage();
    PendingFile.write(out, o -> {
      // In memory, not through ImageIO's cache file in /tmp, which a killed process would leave.
      try (ImageOutputStream ios = new MemoryCacheImageOutputStream(o)) {
        ImageIO.write(image, "png", ios);
      }
    });
    spec.commandLine().getErr().printf("wrote %dx%d px of level %d to %s%n", width, height, level, out);
    return 0;
  }
}
