package io.slidestream.images.readers.synthetic.internals;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import java.util.Arrays;

/**
 * Renders any rectangle of a synthetic slide at any integer downsample, straight from the
 * {@link TissueMap} and the textures: nothing is read back, so no level is ever held.
 *
 * <p>Pixel (i, j) of a region with corner (x0, y0) at downsample d covers level-0 pixels from
 * (x0 + i·d, y0 + j·d). At d = 1 it is that level-0 pixel; at d ≥ 2 it is the mean of 2×2
 * level-0 samples at offsets d/4 and 3d/4 in its block (exactly the block mean when d = 2). A
 * pixel whose corner lies outside the slide is white, as OpenSlide shows what is not there. Class
 * cells are evaluated once per render and cached by row, so a level costs about as much class
 * work as level 0 at most. Thread-safe: each call has its own shader.
 */
public final class TissueRenderer {

  private static final int WHITE = 0xffffff;

  private final SyntheticSlideSpec spec;
  private final TissueMap map;

  public TissueRenderer(SyntheticSlideSpec spec) {
    this.spec = spec;
    this.map = new TissueMap(spec);
  }

  public TissueMap map() {
    return map;
  }

  public RgbRaster render(int downsample, long x0, long y0, int w, int h) {
    checkArgs(downsample, w, h);
    RgbRaster out = RgbRaster.create(w, h);
    byte[] px = out.data();
    TissueShader shader = new TissueShader(spec.seed(), spec.micronsPerPixel());
    int[] offsets = downsample == 1 ? new int[] {0} : new int[] {downsample / 4, 3 * downsample / 4};
    int n = offsets.length * offsets.length;
    ClassRow classes = new ClassRow(x0, (long) w * downsample);
    int[] sums = new int[w * 3];
    for (int j = 0; j < h; j++) {
      long rowY = y0 + (long) j * downsample;
      if (rowY < 0 || rowY >= spec.height()) {
        Arrays.fill(px, j * w * 3, (j + 1) * w * 3, (byte) 0xff);
        continue;
      }
      Arrays.fill(sums, 0);
      for (int sy : offsets) {
        long y = rowY + sy;
        classes.moveTo(Math.floorDiv(y, TissueMap.CELL));
        for (int i = 0; i < w; i++) {
          long colX = x0 + (long) i * downsample;
          if (colX < 0 || colX >= spec.width()) {
            continue;
          }
          for (int sx : offsets) {
            long x = colX + sx;
            int c = shader.shade(classes.at(x), (int) x, (int) y);
            sums[i * 3] += c >> 16 & 0xff;
            sums[i * 3 + 1] += c >> 8 & 0xff;
            sums[i * 3 + 2] += c & 0xff;
          }
        }
      }
      int o = j * w * 3;
      for (int i = 0; i < w; i++, o += 3) {
        long colX = x0 + (long) i * downsample;
        if (colX < 0 || colX >= spec.width()) {
          px[o] = px[o + 1] = px[o + 2] = (byte) (WHITE & 0xff);
        } else {
          px[o] = (byte) ((sums[i * 3] + n / 2) / n);
          px[o + 1] = (byte) ((sums[i * 3 + 1] + n / 2) / n);
          px[o + 2] = (byte) ((sums[i * 3 + 2] + n / 2) / n);
        }
      }
    }
    return out;
  }

  /**
   * Class ids at downsample d: pixel (i, j) takes the class of the level-0 pixel at the centre of
   * its block, (x0 + i·d + d/2, y0 + j·d + d/2); 0 where the block's corner is outside the slide.
   */
  public LabelRaster labels(int downsample, long x0, long y0, int w, int h) {
    checkArgs(downsample, w, h);
    LabelRaster out = LabelRaster.create(w, h);
    byte[] px = out.data();
    ClassRow classes = new ClassRow(x0 + downsample / 2, (long) w * downsample);
    for (int j = 0; j < h; j++) {
      long rowY = y0 + (long) j * downsample;
      if (rowY < 0 || rowY >= spec.height()) {
        continue;
      }
      classes.moveTo(Math.floorDiv(rowY + downsample / 2, TissueMap.CELL));
      for (int i = 0; i < w; i++) {
        long colX = x0 + (long) i * downsample;
        if (colX >= 0 && colX < spec.width()) {
          px[j * w + i] = (byte) classes.at(colX + downsample / 2);
        }
      }
    }
    return out;
  }

  private static void checkArgs(int downsample, int w, int h) {
    if (downsample < 1) {
      throw new IllegalArgumentException("downsample must be a positive integer, got " + downsample);
    }
    if (w < 0 || h < 0) {
      throw new IllegalArgumentException("region size must not be negative: " + w + "x" + h);
    }
  }

  /** The classes of one row of cells over a render's width, each evaluated when first needed. */
  private final class ClassRow {
    private final long firstCell;
    private final byte[] classes;
    private long row = Long.MIN_VALUE;

    ClassRow(long x0, long span) {
      firstCell = Math.floorDiv(x0, TissueMap.CELL);
      long cells = Math.floorDiv(x0 + span, TissueMap.CELL) - firstCell + 2;
      classes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, cells)];
    }

    void moveTo(long cellRow) {
      if (cellRow != row) {
        row = cellRow;
        Arrays.fill(classes, (byte) 0);
      }
    }

    int at(long x) {
      long cx = Math.floorDiv(x, TissueMap.CELL);
      int i = (int) (cx - firstCell);
      int c = classes[i];
      if (c == 0) {
        c = map.cellClass(cx, row);
        classes[i] = (byte) c;
      }
      return c;
    }
  }
}
