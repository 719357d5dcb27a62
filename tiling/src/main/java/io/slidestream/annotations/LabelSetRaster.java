package io.slidestream.annotations;

import io.slidestream.images.LabelRaster;
import java.util.Arrays;

/**
 * One admissible label set per pixel of a tile, row-major, as a {@code long} bitmask (see
 * {@link LabelSet}). This is what annotation sources produce and what losses and loss balancing
 * consume, so it is one primitive array and nothing else: {@link #data()} is the array itself.
 *
 * <p>Every stored value is a non-empty subset of {@link #universe()} (the {@code classCount}
 * classes): writers pass any bits, including {@link #ALL}, and the raster keeps only the bits of
 * real classes. So "no information" always reads back as {@code universe()}, and
 * {@link Long#bitCount} of a stored value is the size of the set.
 *
 * <p>Per-pixel weights are not stored: the labeling protocols in use need none (an unannotated
 * pixel is the set of all classes, which already contributes nothing to a partial loss), and
 * balancing weights are computed by the loss code from these sets.
 */
public final class LabelSetRaster {

  /**
   * "No information": every class is admissible. Written as this constant, read back as
   * {@link #universe()}.
   */
  public static final long ALL = -1L;

  private final int width;
  private final int height;
  private final int classCount;
  private final long universe;
  private final long[] data;

  private LabelSetRaster(int width, int height, int classCount, long[] data) {
    this.width = width;
    this.height = height;
    this.classCount = classCount;
    this.universe = LabelSet.universe(classCount);
    this.data = data;
  }

  /** A raster of {@code classCount} classes where every pixel holds {@code initial}. */
  public static LabelSetRaster create(int width, int height, int classCount, long initial) {
    if (width < 0 || height < 0 || (long) width * height > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("invalid raster size " + width + "x" + height);
    }
    LabelSetRaster r = new LabelSetRaster(width, height, classCount, new long[width * height]);
    r.fill(initial);
    return r;
  }

  /** A raster where every pixel is unconstrained ({@link #ALL}). */
  public static LabelSetRaster unconstrained(int width, int height, int classCount) {
    return create(width, height, classCount, ALL);
  }

  /**
   * Wraps an array of sets (not copied). Every value must already be a non-empty subset of the
   * universe: this is checked, since a stray bit would silently change a loss.
   */
  public static LabelSetRaster wrap(int width, int height, int classCount, long[] sets) {
    if (width < 0 || height < 0 || sets.length != (long) width * height) {
      throw new IllegalArgumentException(
          "expected " + ((long) width * height) + " sets for " + width + "x" + height + ", got " + sets.length);
    }
    LabelSetRaster r = new LabelSetRaster(width, height, classCount, sets);
    for (int i = 0; i < sets.length; i++) {
      if (sets[i] == 0 || (sets[i] & ~r.universe) != 0) {
        throw new IllegalArgumentException("pixel " + i + " holds " + new LabelSet(sets[i])
            + ", not a non-empty subset of the " + classCount + " classes");
      }
    }
    return r;
  }

  /** Dense labels: each pixel's set is its single class. Labels must be below {@code classCount}. */
  public static LabelSetRaster fromLabels(LabelRaster labels, int classCount) {
    LabelSetRaster r = new LabelSetRaster(labels.width(), labels.height(), classCount,
        new long[labels.width() * labels.height()]);
    byte[] src = labels.data();
    for (int i = 0; i < src.length; i++) {
      int k = src[i] & 0xff;
      if (k >= classCount) {
        throw new IllegalArgumentException("label " + k + " at pixel " + i + " is not one of the " + classCount + " classes");
      }
      r.data[i] = 1L << k;
    }
    return r;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int classCount() {
    return classCount;
  }

  /** The set of all classes: what an unconstrained pixel holds. */
  public long universe() {
    return universe;
  }

  /** The backing array, one set per pixel, row-major. Values written directly must stay within {@link #universe()}. */
  public long[] data() {
    return data;
  }

  public long get(int x, int y) {
    return data[y * width + x];
  }

  public void set(int x, int y, long bits) {
    data[y * width + x] = normalise(bits);
  }

  /** Sets pixels {@code x0 ≤ x < x1} of row {@code y}. */
  public void fillRun(int y, int x0, int x1, long bits) {
    int row = y * width;
    Arrays.fill(data, row + x0, row + x1, normalise(bits));
  }

  public void fill(long bits) {
    Arrays.fill(data, normalise(bits));
  }

  /** True when the pixel admits every class, i.e. carries no information. */
  public boolean isUnconstrained(int x, int y) {
    return data[y * width + x] == universe;
  }

  private long normalise(long bits) {
    long b = bits & universe;
    if (b == 0) {
      throw new IllegalArgumentException("the set " + new LabelSet(bits) + " admits none of the " + classCount
          + " classes; a pixel must admit at least one");
    }
    return b;
  }

  /** Copies a block of {@code src} (same class count) into this raster; the block must lie inside both. */
  public void copyFrom(LabelSetRaster src, int sx, int sy, int dx, int dy, int w, int h) {
    if (src.classCount != classCount) {
      throw new IllegalArgumentException("class counts differ: " + src.classCount + " vs " + classCount);
    }
    if (sx < 0 || sy < 0 || dx < 0 || dy < 0 || w < 0 || h < 0
        || sx + w > src.width || sy + h > src.height || dx + w > width || dy + h > height) {
      throw new IndexOutOfBoundsException("block " + w + "x" + h + " outside the rasters");
    }
    for (int row = 0; row < h; row++) {
      System.arraycopy(src.data, (sy + row) * src.width + sx, data, (dy + row) * width + dx, w);
    }
  }

  public LabelSetRaster crop(int x, int y, int w, int h) {
    LabelSetRaster out = new LabelSetRaster(w, h, classCount, new long[w * h]);
    out.copyFrom(this, x, y, 0, 0, w, h);
    return out;
  }

  /**
   * Pixels per class among pixels whose set is a single class ({@code classCount} entries): the
   * counts instance and mini-batch balancing need.
   */
  public long[] singletonCounts() {
    long[] counts = new long[classCount];
    for (long s : data) {
      if ((s & (s - 1)) == 0) {
        counts[Long.numberOfTrailingZeros(s)]++;
      }
    }
    return counts;
  }

  /** Pixels that admit every class. */
  public long unconstrainedCount() {
    long n = 0;
    for (long s : data) {
      if (s == universe) {
        n++;
      }
    }
    return n;
  }

  /**
   * Dense labels for display and evaluation: a pixel with a single class gets that class, any
   * other pixel gets {@code ambiguous} (for example 255).
   */
  public LabelRaster toLabels(int ambiguous) {
    LabelRaster out = LabelRaster.create(width, height);
    byte[] dst = out.data();
    for (int i = 0; i < data.length; i++) {
      long s = data[i];
      dst[i] = (byte) ((s & (s - 1)) == 0 ? Long.numberOfTrailingZeros(s) : ambiguous);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSetRaster r && r.width == width && r.height == height && r.classCount == classCount
        && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + classCount) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "LabelSetRaster[" + width + "x" + height + ", " + classCount + " classes]";
  }
}
