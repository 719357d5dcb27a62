package io.slidestream.images.readers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens slides with the providers on the class path, by priority or by name. */
public final class SlideReaders {

  private SlideReaders() {}

  /** Every provider found, highest priority first, available or not. */
  public static List<SlideReaderProvider> providers() {
    return ServiceLoader.load(SlideReaderProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(SlideReaderProvider::priority).reversed())
        .toList();
  }

  /** The provider of that name; fails if it is unknown or its native library is missing. */
  public static SlideReaderProvider provider(String name) {
    List<SlideReaderProvider> all = providers();
    SlideReaderProvider p = all.stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no slide reader named '" + name + "'; known: "
            + all.stream().map(SlideReaderProvider::name).collect(Collectors.joining(", "))));
    if (!p.isAvailable()) {
      throw new IllegalStateException("slide reader '" + name + "' is not available on this machine"
          + " (its native library is not installed)");
    }
    return p;
  }

  /** Opens with the named provider. */
  public static SlideReader open(Path file, String readerName) {
    requireRegularFile(file);
    return provider(readerName).open(file);
  }

  /**
   * Opens with the highest-priority available provider that recognises the file. If it fails
   * with {@link SlideException.Unsupported}, the next one is tried; other failures (a corrupt
   * file) are reported at once, since another reader would only find the same damage.
   */
  public static SlideReader open(Path file) {
    requireRegularFile(file);
    SlideException.Unsupported last = null;
    for (SlideReaderProvider p : providers()) {
      if (p.isAvailable() && p.canOpen(file)) {
        try {
          return p.open(file);
        } catch (SlideException.Unsupported e) {
          last = e;
        }
      }
    }
    if (last != null) {
      throw last;
    }
    throw new SlideException.Unsupported(file, "no available slide reader recognises this file");
  }

  /**
   * Refuses anything but a readable regular file (symbolic links followed), by its attributes
   * alone: every reader calls this before it opens a file, because opening a FIFO for reading
   * blocks until a writer comes (forever, for a hostile one), and a device such as
   * {@code /dev/zero} never ends.
   *
   * @throws SlideException.NotFound when the path is missing, or is a directory, FIFO, socket or device
   */
  public static void requireRegularFile(Path file) {
    if (!Files.exists(file)) {
      throw new SlideException.NotFound(file, "no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new SlideException.NotFound(file, "not a readable regular file (a directory, FIFO or device is never opened)");
    }
  }
}
