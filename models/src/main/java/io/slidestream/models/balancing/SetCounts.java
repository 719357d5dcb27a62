package io.slidestream.models.balancing;

import java.util.Arrays;

/**
 * Pixels per label set, for the counts of Bokhorst's balancing: an open-addressing table from set
 * (a non-zero bitmask) to count, so that counting a patch allocates nothing per pixel. A batch
 * holds a handful of distinct sets, so the table stays tiny.
 */
final class SetCounts {

  private long[] keys = new long[16];
  private long[] counts = new long[16];
  private int size;
  private long total;

  /** Adds one pixel of {@code set}, which must not be 0 (0 marks a free slot). */
  void add(long set) {
    int slot = slotOf(set);
    if (keys[slot] == 0) {
      keys[slot] = set;
      size++;
      if (size * 2 > keys.length) {
        grow();
        slot = slotOf(set);
      }
    }
    counts[slot]++;
    total++;
  }

  /** Pixels counted for {@code set}; 0 if none. */
  long get(long set) {
    int slot = slotOf(set);
    return keys[slot] == 0 ? 0 : counts[slot];
  }

  /** Distinct sets counted. */
  int size() {
    return size;
  }

  /** Pixels counted. */
  long total() {
    return total;
  }

  void clear() {
    Arrays.fill(keys, 0);
    Arrays.fill(counts, 0);
    size = 0;
    total = 0;
  }

  private int slotOf(long set) {
    int mask = keys.length - 1;
    // Fibonacci hashing spreads the low class bits, which is where singleton sets differ.
    int slot = (int) ((set * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    while (keys[slot] != 0 && keys[slot] != set) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int slot = slotOf(oldKeys[i]);
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }
}
