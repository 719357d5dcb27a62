package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.RgbRaster;
import org.junit.jupiter.api.Test;

class TileCacheTest {

  static final RgbRaster TILE = RgbRaster.create(10, 10); // 300 bytes

  @Test
  void evictsTheLeastRecentlyUsedToStayWithinItsBytes() {
    TileCache cache = new TileCache(1000);
    cache.put(TileCache.key(0, 1), TILE);
    cache.put(TileCache.key(0, 2), TILE);
    cache.put(TileCache.key(0, 3), TILE);
    assertThat(cache.get(TileCache.key(0, 1))).isSameAs(TILE); // 1 is now the most recent
    cache.put(TileCache.key(0, 4), TILE);
    assertThat(cache.bytes()).isEqualTo(900);
    assertThat(cache.get(TileCache.key(0, 2))).as("least recently used").isNull();
    assertThat(cache.get(TileCache.key(0, 1))).isNotNull();
    assertThat(cache.get(TileCache.key(0, 4))).isNotNull();
  }

  @Test
  void keysSeparateLevelsAndAZeroCacheKeepsNothing() {
    assertThat(TileCache.key(1, 0)).isNotEqualTo(TileCache.key(0, 0));
    TileCache none = new TileCache(0);
    none.put(TileCache.key(0, 0), TILE);
    assertThat(none.size()).isZero();
    assertThat(none.bytes()).isZero();
  }
}
