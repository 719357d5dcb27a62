package io.slidestream.models.augment;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import java.util.SplittableRandom;

/** Small samples for augmentation tests, made from a seed. */
public final class TestSamples {

  /** Label sets the random samples use (3 classes): singletons, a super label, and all. */
  public static final long[] SETS = {0b001, 0b010, 0b100, 0b011, 0b111};
  /** A distinct colour per entry of {@link #SETS}, far apart so that interpolation never confuses them. */
  public static final int[] COLOURS = {0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0x000000};

  private TestSamples() {}

  public static RgbRaster noiseImage(int w, int h, long seed) {
    byte[] d = new byte[w * h * 3];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) r.nextInt(256);
    }
    return RgbRaster.wrap(w, h, d);
  }

  public static LabelSetRaster noiseLabels(int w, int h, long seed) {
    long[] s = new long[w * h];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < s.length; i++) {
      s[i] = SETS[r.nextInt(SETS.length - 1)]; // never "all", so that ALL in an output is news
    }
    return LabelSetRaster.wrap(w, h, 3, s);
  }

  /**
   * Blocks of {@code block × block} pixels, each one random entry of {@link #SETS} (but "all"), in
   * labels and painted in the image with that entry's colour: where the image still shows a
   * block's colour, the labels must still say that block's set.
   */
  public static Pair blocks(int w, int h, int block, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int bw = (w + block - 1) / block;
    int bh = (h + block - 1) / block;
    int[] pick = new int[bw * bh];
    for (int i = 0; i < pick.length; i++) {
      pick[i] = r.nextInt(SETS.length - 1);
    }
    RgbRaster img = RgbRaster.create(w, h);
    long[] s = new long[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int k = pick[(y / block) * bw + x / block];
        img.setRgb(x, y, COLOURS[k]);
        s[y * w + x] = SETS[k];
      }
    }
    return new Pair(img, LabelSetRaster.wrap(w, h, 3, s));
  }

  /** The index into {@link #SETS} of the colour {@code rgb}, or -1. */
  public static int colourIndex(int rgb) {
    for (int k = 0; k < COLOURS.length; k++) {
      if (COLOURS[k] == rgb) {
        return k;
      }
    }
    return -1;
  }

  public record Pair(RgbRaster image, LabelSetRaster labels) {}
}
