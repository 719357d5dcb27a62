package io.slidestream.images.writers.tiff;

/**
 * How the pixels of one TIFF page are stored: the sample layout and the compression of its tiles.
 */
public sealed interface TileFormat permits TileFormat.Jpeg, TileFormat.Deflate {

  /** Bytes per pixel in the uncompressed tiles callers hand over: 3 (RGB) or 1 (gray). */
  int samplesPerPixel();

  /**
   * 8-bit RGB stored as baseline JPEG in YCbCr with 4:2:0 chroma subsampling (Photometric YCbCr,
   * YCbCrSubSampling 2×2, one complete JPEG stream per tile). This is what libvips writes and
   * what libtiff's RGBA interface (OpenSlide 3.4.1) and other TIFF readers decode without
   * guessing at colour spaces; it is also a third smaller than RGB-coded JPEG at equal quality.
   *
   * @param quality 1..100, as in the JDK's JPEG writer (90 keeps stain texture)
   */
  record Jpeg(int quality) implements TileFormat {
    public Jpeg {
      if (quality < 1 || quality > 100) {
        throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
      }
    }

    @Override
    public int samplesPerPixel() {
      return 3;
    }
  }

  /**
   * 8-bit grayscale (label masks) compressed with Deflate (zlib), optionally after TIFF's
   * horizontal differencing predictor.
   *
   * @param level     zlib level 1..9
   * @param predictor whether to apply Predictor 2 before compressing
   */
  record Deflate(int level, boolean predictor) implements TileFormat {
    public Deflate {
      if (level < 1 || level > 9) {
        throw new IllegalArgumentException("deflate level must be in 1..9, got " + level);
      }
    }

    @Override
    public int samplesPerPixel() {
      return 1;
    }
  }
}
