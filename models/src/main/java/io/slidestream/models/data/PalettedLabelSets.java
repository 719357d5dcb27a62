package io.slidestream.models.data;

import io.slidestream.annotations.LabelSetRaster;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Label sets of a whole image kept compactly: a byte per pixel indexing a palette of the image's
 * distinct sets (an image has a handful: its classes, "all", a super label or two), 8× smaller
 * than a {@code long} per pixel. Images with more than 256 distinct sets keep the raster as is.
 * Immutable.
 */
final class PalettedLabelSets {

  private final int width;
  private final int height;
  private final int classCount;
  private final long universe;
  private final byte[] index;
  private final long[] palette;
  private final LabelSetRaster raw;

  private PalettedLabelSets(LabelSetRaster labels, byte[] index, long[] palette) {
    this.width = labels.width();
    this.height = labels.height();
    this.classCount = labels.classCount();
    this.universe = labels.universe();
    this.index = index;
    this.palette = palette;
    this.raw = index == null ? labels.crop(0, 0, width, height) : null;
  }

  static PalettedLabelSets of(LabelSetRaster labels) {
    long[] sets = labels.data();
    Map<Long, Integer> ids = new HashMap<>();
    long[] palette = new long[256];
    byte[] index = new byte[sets.length];
    long last = 0;
    int lastId = -1;
    for (int i = 0; i < sets.length; i++) {
      long s = sets[i];
      if (s != last || lastId < 0) {
        Integer id = ids.get(s);
        if (id == null) {
          if (ids.size() == 256) {
            return new PalettedLabelSets(labels, null, null);
          }
          id = ids.size();
          ids.put(s, id);
          palette[id] = s;
        }
        last = s;
        lastId = id;
      }
      index[i] = (byte) lastId;
    }
    return new PalettedLabelSets(labels, index, Arrays.copyOf(palette, ids.size()));
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  int classCount() {
    return classCount;
  }

  long get(int x, int y) {
    int i = y * width + x;
    return index == null ? raw.data()[i] : palette[index[i] & 0xff];
  }

  boolean isAnnotated(int x, int y) {
    return get(x, y) != universe;
  }

  /** A {@code w × h} block from ({@code x}, {@code y}); pixels outside the image get all classes. */
  LabelSetRaster read(int x, int y, int w, int h) {
    long[] out = new long[w * h];
    Arrays.fill(out, universe);
    int x0 = Math.max(0, x);
    int x1 = Math.min(width, x + w);
    for (int j = Math.max(0, y); j < Math.min(height, y + h); j++) {
      int dst = (j - y) * w - x;
      int src = j * width;
      if (index == null) {
        System.arraycopy(raw.data(), src + x0, out, dst + x0, x1 - x0);
      } else {
        for (int i = x0; i < x1; i++) {
          out[dst + i] = palette[index[src + i] & 0xff];
        }
      }
    }
    return LabelSetRaster.wrap(w, h, classCount, out);
  }
}
