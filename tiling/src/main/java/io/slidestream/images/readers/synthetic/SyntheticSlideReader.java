package io.slidestream.images.readers.synthetic;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;

/** Reads a synthetic slide by rendering the asked region on the fly; no image file is involved. */
public final class SyntheticSlideReader implements SlideReader {

  private final SyntheticSlide slide;
  private final SlideInfo info;

  public SyntheticSlideReader(SyntheticSlide slide) {
    this.slide = slide;
    this.info = slide.info(SyntheticSlideReaderProvider.NAME, "synthetic");
  }

  public SyntheticSlide slide() {
    return slide;
  }

  @Override
  public SlideInfo info() {
    return info;
  }

  @Override
  public RgbRaster readRegion(int level, long x, long y, int width, int height) {
    info.level(level);
    if (width < 0 || height < 0 || (long) width * height > RgbRaster.MAX_PIXELS) {
      throw new IllegalArgumentException("invalid region size " + width + "x" + height);
    }
    return slide.render(level, x, y, width, height);
  }

  /** Nothing to release: the slide is a function. */
  @Override
  public void close() {}
}
