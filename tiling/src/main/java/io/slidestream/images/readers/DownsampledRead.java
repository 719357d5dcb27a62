package io.slidestream.images.readers;

import io.slidestream.images.RgbRaster;

/**
 * Reads a region at an arbitrary downsample: from the best pyramid level, then shrunk by area
 * averaging. When the source block would be large (a coarse target on a slide with few levels),
 * it is read and shrunk in strips of rows, so memory stays bounded by the output plus one strip.
 */
final class DownsampledRead {

  /** Source pixels read at once: 16 Mi pixels, 48 MiB of RGB. */
  static final long MAX_STRIP_PIXELS = 16L << 20;

  private DownsampledRead() {}

  static RgbRaster read(SlideReader reader, double downsample, long x, long y, int width, int height) {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("region size must not be negative: " + width + "x" + height);
    }
    SlideInfo info = reader.info();
    int level = info.bestLevelForDownsample(downsample);
    double levelDownsample = info.level(level).downsample();
    double rel = downsample / levelDownsample;
    if (width == 0 || height == 0) {
      return RgbRaster.create(width, height);
    }
    int lw = Math.max(1, (int) Math.ceil(width * rel - 1e-9));
    int lh = Math.max(1, (int) Math.ceil(height * rel - 1e-9));
    if ((long) lw * lh <= MAX_STRIP_PIXELS || rel < 1) {
      RgbRaster raw = reader.readRegion(level, x, y, lw, lh);
      return raw.width() == width && raw.height() == height ? raw : raw.resized(width, height);
    }
    double sx = (double) lw / width;
    double sy = (double) lh / height;
    long rowPixels = (long) lw * ((long) Math.ceil(sy) + 1);
    if (rowPixels > MAX_STRIP_PIXELS) {
      throw new SlideException.TooLarge(null, "a " + width + "x" + height + " read at downsample " + downsample
          + " needs source rows of " + lw + " pixels from level " + level + "; the slide lacks a coarser level");
    }
    int rowsPerStrip = (int) Math.max(1, MAX_STRIP_PIXELS / rowPixels);
    RgbRaster out = RgbRaster.create(width, height);
    for (int oy0 = 0; oy0 < height; oy0 += rowsPerStrip) {
      int oy1 = Math.min(height, oy0 + rowsPerStrip);
      int sy0 = (int) Math.floor(oy0 * sy);
      int sy1 = Math.min(lh, Math.max(sy0 + 1, (int) Math.ceil(oy1 * sy)));
      RgbRaster strip = reader.readRegion(level, x, y + Math.round(sy0 * levelDownsample), lw, sy1 - sy0);
      strip.shrinkRowsInto(out, sx, sy, oy0, oy1, sy0, lh);
    }
    return out;
  }
}
