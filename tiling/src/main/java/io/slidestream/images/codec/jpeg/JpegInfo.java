package io.slidestream.images.codec.jpeg;

/**
 * What a JPEG header says about the image, read before any pixel buffer is allocated so that a
 * caller can refuse sizes it does not expect.
 *
 * @param width      pixels across
 * @param height     pixels down
 * @param components colour components in the frame (1 grey, 3 colour, 4 CMYK)
 */
public record JpegInfo(int width, int height, int components) {
  public JpegInfo {
    if (width <= 0 || height <= 0) {
      throw new JpegException("JPEG frame has no pixels: " + width + "x" + height);
    }
  }
}
