package io.slidestream.images.readers;

/**
 * One resolution of a slide's pyramid.
 *
 * @param width      pixels across at this level
 * @param height     pixels down at this level
 * @param downsample level-0 pixels per pixel of this level (1 for level 0)
 * @param tileWidth  width of the stored tiles (the natural read unit), 0 if the level is stripped
 * @param tileHeight height of the stored tiles, 0 if stripped
 */
public record PyramidLevel(long width, long height, double downsample, int tileWidth, int tileHeight) {
  public PyramidLevel {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("level dimensions must be positive: " + width + "x" + height);
    }
    if (!(downsample >= 1.0) || Double.isInfinite(downsample)) {
      throw new IllegalArgumentException("downsample must be >= 1, got " + downsample);
    }
  }
}
