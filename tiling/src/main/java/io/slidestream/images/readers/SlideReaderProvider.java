package io.slidestream.images.readers;

import java.nio.file.Path;

/**
 * A way of opening slides, found through {@link java.util.ServiceLoader}: list the implementation
 * in {@code META-INF/services/io.slidestream.images.readers.SlideReaderProvider}.
 */
public interface SlideReaderProvider {

  /** Short name users put in configuration ("tiff", "openslide", "synthetic"). */
  String name();

  /** Among providers that can open a file, the highest priority is chosen. */
  int priority();

  /** False when a native library it needs is not installed; such a provider is skipped. */
  boolean isAvailable();

  /** A cheap check (file name, magic bytes) whether {@link #open} is worth trying. */
  boolean canOpen(Path file);

  /**
   * Opens the slide.
   *
   * @throws SlideException with a subtype saying what is wrong with the file
   */
  SlideReader open(Path file);
}
