package io.slidestream.images.readers.openslide;

import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaderProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens every format OpenSlide knows, through the system's libopenslide. */
public final class OpenSlideReaderProvider implements SlideReaderProvider {

  public static final String NAME = "openslide";

  @Override
  public String name() {
    return NAME;
  }

  /** Below the project's own TIFF reader, which is faster where it can read the file at all. */
  @Override
  public int priority() {
    return 50;
  }

  @Override
  public boolean isAvailable() {
    return OpenSlideLibrary.isLoaded();
  }

  @Override
  public boolean canOpen(Path file) {
    return isAvailable() && Files.isRegularFile(file)
        && OpenSlideLibrary.openslide_detect_vendor(file.toAbsolutePath().toString()) != null;
  }

  @Override
  public SlideReader open(Path file) {
    return OpenSlideReader.open(file, NAME);
  }
}
