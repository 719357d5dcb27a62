package io.slidestream.masks;

import java.nio.file.Path;

/**
 * A kind of mask output, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.slidestream.masks.MaskWriterProvider}); configuration chooses
 * which kinds a job produces by {@link #name()}.
 */
public interface MaskWriterProvider {

  /** The kind users name in configuration and job options ("mask-tiff", "overview-png", …). */
  String name();

  /** A writer for one slide whose outputs go into {@code directory}. */
  MaskWriter open(MaskSpec spec, Path directory);
}
