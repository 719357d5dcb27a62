package io.slidestream.app.cli;

import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import java.nio.file.Path;

/** Opening a slide named on the command line: a named reader, or the best that recognises it. */
final class SlideFiles {

  private SlideFiles() {}

  static SlideReader open(Path slide, String reader) {
    return reader == null ? SlideReaders.open(slide) : SlideReaders.open(slide, reader);
  }
}
