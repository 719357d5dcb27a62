package io.slidestream.images.readers.tiff.internals;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * zlib-wrapped Deflate (TIFF compressions 8 and 32946), one reusable inflater per thread. An
 * inflater's native state is zlib's, a fixed 32 KiB window and some tables whatever the size of
 * the tiles it inflates (the output goes straight into the caller's array), so keeping one per
 * thread costs the same after a huge tile as after a small one.
 */
final class Inflate {

  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

  private Inflate() {}

  /**
   * Inflates into {@code out} until it is full; a stream with more to give than that is refused
   * rather than cut short. A tile's stream holds exactly one tile: one that inflates past it is not
   * a tile but a Deflate bomb (a megabyte of input can claim a gigabyte), and only one byte of the
   * excess is ever inflated to find out.
   *
   * @throws IllegalArgumentException when the data is damaged, ends before {@code out} is full, or
   *     goes on past it
   */
  static void decode(byte[] src, int srcLen, byte[] out) {
    Inflater inflater = INFLATERS.get();
    inflater.reset();
    inflater.setInput(src, 0, srcLen);
    int o = 0;
    try {
      while (o < out.length) {
        int n = inflater.inflate(out, o, out.length - o);
        o += n;
        if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("Deflate data is damaged: " + e.getMessage(), e);
    }
    if (o < out.length) {
      throw new IllegalArgumentException("Deflate data ends after " + o + " of " + out.length + " bytes");
    }
    if (!inflater.finished() && inflatesFurther(inflater)) {
      throw new IllegalArgumentException("Deflate data inflates past the tile's " + out.length + " bytes");
    }
  }

  private static boolean inflatesFurther(Inflater inflater) {
    try {
      return inflater.inflate(new byte[1]) > 0;
    } catch (DataFormatException e) {
      return false; // damage after the tile's bytes: the pixels are whole, as libtiff has them
    }
  }
}
