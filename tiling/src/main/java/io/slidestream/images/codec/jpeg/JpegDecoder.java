package io.slidestream.images.codec.jpeg;

import io.slidestream.images.RgbRaster;

/**
 * Decodes complete (interchange) JPEG streams to 8-bit RGB. Colour follows the stream: a frame
 * marked RGB by an Adobe APP14 segment with transform 0 (or by component ids 'R','G','B') is not
 * colour-converted, any other three-component frame is YCbCr, and grey frames are expanded to RGB.
 * Implementations are safe for concurrent use.
 */
public interface JpegDecoder {

  /** Short name, as given to {@code slidestream.jpeg.decoder}. */
  String name();

  /**
   * Reads the frame header only.
   *
   * @throws JpegException when the stream has no readable frame header
   */
  JpegInfo readInfo(byte[] jpeg, int offset, int length);

  /**
   * Decodes into {@code target}, whose size must be the frame's.
   *
   * @throws JpegException when the stream is damaged (also for recoverable damage that would leave
   *     grey filler pixels), or when the sizes differ
   */
  void decode(byte[] jpeg, int offset, int length, RgbRaster target);

  /**
   * Decodes into a new raster of the frame's size.
   *
   * @param maxPixels the most pixels the caller accepts; a header claiming more is refused before
   *     anything is allocated
   */
  default RgbRaster decode(byte[] jpeg, int offset, int length, long maxPixels) {
    JpegInfo info = readInfo(jpeg, offset, length);
    long pixels = (long) info.width() * info.height();
    if (pixels > maxPixels || pixels > RgbRaster.MAX_PIXELS) {
      throw new JpegException("JPEG frame of " + info.width() + "x" + info.height()
          + " is larger than the " + Math.min(maxPixels, RgbRaster.MAX_PIXELS) + " pixels allowed");
    }
    RgbRaster out = RgbRaster.create(info.width(), info.height());
    decode(jpeg, offset, length, out);
    return out;
  }
}
