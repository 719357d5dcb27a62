package io.slidestream.images.readers;

import io.slidestream.images.RgbRaster;

/**
 * Reads pixels of one open slide. Implementations are safe for concurrent {@code readRegion}
 * calls from several threads (tiles are read in parallel); {@link #close()} must not race reads.
 */
public interface SlideReader extends AutoCloseable {

  SlideInfo info();

  /**
   * Reads a region as OpenSlide's {@code read_region} does: the top-left corner in level-0
   * coordinates, the size in pixels of {@code level}. Parts outside the slide (and any transparent
   * pixel) come back white, the colour of an empty glass slide.
   *
   * @throws SlideException when the file cannot deliver the pixels (corrupt or truncated data)
   * @throws IllegalArgumentException when the level does not exist or the size is negative or too
   *     large for one raster
   */
  RgbRaster readRegion(int level, long x, long y, int width, int height);

  /**
   * Reads a region at a target resolution: from the best pyramid level for it, resampled to
   * {@code width × height} output pixels. The corner is in level-0 coordinates.
   */
  default RgbRaster readRegionAt(double micronsPerPixel, long x, long y, int width, int height) {
    return readRegionAtDownsample(info().downsampleFor(micronsPerPixel), x, y, width, height);
  }

  /**
   * As {@link #readRegionAt} with the downsample from level 0 given directly. Memory is bounded by
   * the output and a strip of the source level, however coarse the target is compared to the
   * slide's pyramid (a thumbnail of a single-level slide never loads the level).
   */
  default RgbRaster readRegionAtDownsample(double downsample, long x, long y, int width, int height) {
    return DownsampledRead.read(this, downsample, x, y, width, height);
  }

  /** The whole slide shrunk so that its longer side is at most {@code maxSize} pixels. */
  default RgbRaster thumbnail(int maxSize) {
    SlideInfo info = info();
    double downsample = Math.max(1.0, Math.max(info.width(), info.height()) / (double) maxSize);
    int w = (int) Math.max(1, Math.round(info.width() / downsample));
    int h = (int) Math.max(1, Math.round(info.height() / downsample));
    return readRegionAtDownsample(downsample, 0, 0, w, h);
  }

  @Override
  void close();
}
