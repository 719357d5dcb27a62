package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.codec.jpeg.JpegDecoder;
import io.slidestream.images.codec.jpeg.JpegException;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.tiff.TiffTags;

/**
 * Reads and decodes the tiles of one {@link TiledImage} into RGB rasters of the full tile size
 * (edge tiles keep their padding; the caller clips). Safe for concurrent use.
 */
public final class TileDecoder {

  private final SlideFile file;
  private final TiledImage image;
  private final JpegDecoder jpeg;
  private final JpegTileStream jpegStream;

  public TileDecoder(SlideFile file, TiledImage image, JpegDecoder jpeg) {
    this.file = file;
    this.image = image;
    this.jpeg = jpeg;
    this.jpegStream = image.compression() == Compression.JPEG
        ? new JpegTileStream(image.jpegTables(), image.photometric() == TiffTags.PHOTOMETRIC_RGB)
        : null;
  }

  /**
   * The tile at grid position {@code index} (row-major), or null when the file has no data for it
   * (a sparse tile, which reads as background).
   *
   * @throws SlideException.Corrupt when its bytes are missing or do not decode
   */
  public RgbRaster read(int index) {
    long count = image.tileByteCount(index);
    if (count == 0) {
      return null;
    }
    byte[] src = new byte[(int) count];
    file.readFully(image.tileOffset(index), src, 0, src.length);
    try {
      return decode(src, src.length);
    } catch (JpegException | IllegalArgumentException e) {
      throw new SlideException.Corrupt(file.path(), "tile " + image.describeTile(index) + " ("
          + image.compression().label + ", " + count + " bytes at byte " + image.tileOffset(index)
          + ") cannot be decoded: " + e.getMessage(), e);
    }
  }

  private RgbRaster decode(byte[] src, int len) {
    int tw = image.tileWidth();
    int th = image.tileHeight();
    if (image.compression() == Compression.JPEG) {
      byte[] stream = jpegStream.isIdentity() ? src : jpegStream.complete(src, len);
      int n = jpegStream.isIdentity() ? len : stream.length;
      RgbRaster tile = RgbRaster.create(tw, th);
      jpeg.decode(stream, 0, n, tile);
      return tile;
    }
    int spp = image.samplesPerPixel();
    byte[] samples = new byte[tw * th * spp];
    switch (image.compression()) {
      case NONE -> {
        if (len < samples.length) {
          throw new IllegalArgumentException("uncompressed tile has " + len + " of " + samples.length + " bytes");
        }
        System.arraycopy(src, 0, samples, 0, samples.length);
      }
      case LZW -> {
        int n = new LzwDecoder().decode(src, len, samples);
        if (n < samples.length) {
          throw new IllegalArgumentException("LZW data ends after " + n + " of " + samples.length + " bytes");
        }
      }
      case DEFLATE, DEFLATE_OLD -> Inflate.decode(src, len, samples);
      default -> throw new IllegalStateException("no decoder for " + image.compression());
    }
    if (image.predictor() == 2) {
      HorizontalPredictor.undo(samples, tw, th, spp);
    }
    if (spp == 3) {
      return RgbRaster.wrap(tw, th, samples);
    }
    return greyToRgb(samples, tw, th, image.photometric() == TiffTags.PHOTOMETRIC_MIN_IS_WHITE);
  }

  private static RgbRaster greyToRgb(byte[] grey, int w, int h, boolean invert) {
    RgbRaster out = RgbRaster.create(w, h);
    byte[] d = out.data();
    for (int i = 0, o = 0; i < grey.length; i++, o += 3) {
      byte v = invert ? (byte) ~grey[i] : grey[i];
      d[o] = v;
      d[o + 1] = v;
      d[o + 2] = v;
    }
    return out;
  }
}
