package io.slidestream.images.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DownsampledReadTest {

  /** One 6000 × 6000 level (36 Mi pixels, over the strip limit) with a position-coded pattern. */
  static final class SingleLevelReader implements SlideReader {
    final AtomicLong largestRead = new AtomicLong();
    final SlideInfo info = new SlideInfo("pattern", "test", List.of(new PyramidLevel(6000, 6000, 1, 512, 512)),
        0.25, 0.25, null);

    @Override
    public SlideInfo info() {
      return info;
    }

    @Override
    public RgbRaster readRegion(int level, long x, long y, int width, int height) {
      largestRead.accumulateAndGet((long) width * height, Math::max);
      RgbRaster r = RgbRaster.create(width, height);
      for (int j = 0; j < height; j++) {
        for (int i = 0; i < width; i++) {
          long gx = x + i;
          long gy = y + j;
          r.setRgb(i, j, (int) ((gx * 7 + gy * 3) & 0xff) << 16 | (int) ((gx ^ gy) & 0xff) << 8 | (int) (gy & 0xff));
        }
      }
      return r;
    }

    @Override
    public void close() {}
  }

  @Test
  void aCoarseReadOfALargeLevelGoesInStripsAndEqualsTheWholeShrink() {
    SingleLevelReader reader = new SingleLevelReader();
    RgbRaster strips = reader.readRegionAtDownsample(12.5, 0, 0, 480, 480);
    assertThat(reader.largestRead.get()).as("no read beyond the strip limit")
        .isLessThanOrEqualTo(DownsampledRead.MAX_STRIP_PIXELS);
    RgbRaster whole = reader.readRegion(0, 0, 0, 6000, 6000).resized(480, 480);
    assertThat(strips).isEqualTo(whole);
  }

  @Test
  void smallReadsTakeTheDirectPath() {
    SingleLevelReader reader = new SingleLevelReader();
    RgbRaster r = reader.readRegionAtDownsample(2, 100, 100, 64, 64);
    assertThat(reader.largestRead.get()).isEqualTo(128L * 128);
    assertThat(r).isEqualTo(reader.readRegion(0, 100, 100, 128, 128).resized(64, 64));
  }

  @Test
  void meaninglessDownsamplesAreRejectedClearly() {
    SingleLevelReader reader = new SingleLevelReader();
    assertThatThrownBy(() -> reader.readRegionAtDownsample(0, 0, 0, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("downsample");
    assertThatThrownBy(() -> reader.readRegionAtDownsample(Double.NaN, 0, 0, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("downsample");
    assertThatThrownBy(() -> reader.readRegionAt(-1, 0, 0, 10, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(reader.readRegionAtDownsample(4, 0, 0, 0, 5).width()).isZero();
  }
}
