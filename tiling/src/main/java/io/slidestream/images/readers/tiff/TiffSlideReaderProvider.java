package io.slidestream.images.readers.tiff;

import io.slidestream.images.codec.jpeg.JpegDecoders;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaderProvider;
import io.slidestream.images.readers.tiff.internals.TiffFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's own reader for tiled TIFF slides. Preferred over OpenSlide where it can read the
 * file; for what it cannot decode (JPEG 2000 SVS, other compressions) it refuses with
 * {@code SlideException.Unsupported}, and {@code SlideReaders.open} goes on to OpenSlide.
 */
public final class TiffSlideReaderProvider implements SlideReaderProvider {

  public static final String NAME = "tiff";
  /** Decoded-tile cache per open slide, in MiB. */
  public static final String CACHE_PROPERTY = "slidestream.tiff.tile-cache-mb";
  private static final long DEFAULT_CACHE_MB = 32;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 100;
  }

  /** Pure Java (with the JDK's JPEG decoder when libjpeg-turbo is missing): always there. */
  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public boolean canOpen(Path file) {
    if (!Files.isRegularFile(file)) {
      return false; // never open a FIFO or device to sniff it: the open itself could block
    }
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, 4);
      return TiffFile.hasTiffSignature(head, n);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public SlideReader open(Path file) {
    long cacheMb = Long.getLong(CACHE_PROPERTY, DEFAULT_CACHE_MB);
    return TiffSlideReader.open(file, NAME, JpegDecoders.preferred(), cacheMb << 20);
  }
}
