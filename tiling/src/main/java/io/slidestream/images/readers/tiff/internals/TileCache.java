package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.RgbRaster;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded tiles, least recently used evicted first, bounded by their bytes. Neighbouring regions
 * (overlapping inference windows) share edge tiles, which are then decoded once. Two threads
 * missing the same tile at once may both decode it; that costs time, never correctness.
 */
public final class TileCache {

  private final long maxBytes;
  private final LinkedHashMap<Long, RgbRaster> tiles = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  public TileCache(long maxBytes) {
    this.maxBytes = Math.max(0, maxBytes);
  }

  public static long key(int level, int tileIndex) {
    return (long) level << 32 | (tileIndex & 0xffffffffL);
  }

  public synchronized RgbRaster get(long key) {
    return tiles.get(key);
  }

  public synchronized void put(long key, RgbRaster tile) {
    long size = tile.data().length;
    if (size > maxBytes) {
      return;
    }
    RgbRaster old = tiles.put(key, tile);
    bytes += size - (old == null ? 0 : old.data().length);
    for (Iterator<Map.Entry<Long, RgbRaster>> it = tiles.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
      bytes -= it.next().getValue().data().length;
      it.remove();
    }
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized int size() {
    return tiles.size();
  }
}
