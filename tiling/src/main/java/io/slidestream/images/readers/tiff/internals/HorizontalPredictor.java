package io.slidestream.images.readers.tiff.internals;

/** Undoes TIFF predictor 2 (horizontal differencing) for 8-bit samples, in place. */
final class HorizontalPredictor {

  private HorizontalPredictor() {}

  static void undo(byte[] data, int width, int height, int samplesPerPixel) {
    int rowBytes = width * samplesPerPixel;
    for (int y = 0; y < height; y++) {
      int start = y * rowBytes;
      int end = start + rowBytes;
      for (int i = start + samplesPerPixel; i < end; i++) {
        data[i] += data[i - samplesPerPixel];
      }
    }
  }
}
