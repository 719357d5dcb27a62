package io.slidestream.images.readers.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import org.junit.jupiter.api.Test;

class SyntheticSlideTest {

  static final SyntheticSlide SLIDE = SyntheticSlide.of(SyntheticSlideSpec.of(8000, 6000, 5));

  @Test
  void sameSeedSamePixelsOtherSeedOtherPixels() {
    SyntheticSlide again = SyntheticSlide.of(SyntheticSlideSpec.of(8000, 6000, 5));
    SyntheticSlide other = SyntheticSlide.of(SyntheticSlideSpec.of(8000, 6000, 6));
    assertThat(again.render(0, 3000, 2000, 300, 200)).isEqualTo(SLIDE.render(0, 3000, 2000, 300, 200));
    assertThat(again.labels(8, 0, 0, 1000, 750)).isEqualTo(SLIDE.labels(8, 0, 0, 1000, 750));
    assertThat(other.labels(8, 0, 0, 1000, 750)).isNotEqualTo(SLIDE.labels(8, 0, 0, 1000, 750));
  }

  @Test
  void anyRegionRendersAloneExactlyAsPartOfALargerOne() {
    for (int d : new int[] {1, 4}) {
      RgbRaster whole = SLIDE.renderAtDownsample(d, 2000, 1500, 301, 203);
      RgbRaster stitched = RgbRaster.create(301, 203);
      int[][] cuts = {{0, 0, 150, 100}, {150, 0, 151, 100}, {0, 100, 150, 103}, {150, 100, 151, 103}};
      for (int[] c : cuts) {
        RgbRaster part = SLIDE.renderAtDownsample(d, 2000 + (long) c[0] * d, 1500 + (long) c[1] * d, c[2], c[3]);
        stitched.copyFrom(part, 0, 0, c[0], c[1], c[2], c[3]);
      }
      assertThat(stitched).as("downsample %d", d).isEqualTo(whole);
    }
  }

  @Test
  void downsampleTwoIsTheExactMeanOfLevelZero() {
    RgbRaster full = SLIDE.renderAtDownsample(1, 3100, 2100, 64, 64);
    RgbRaster half = SLIDE.renderAtDownsample(2, 3100, 2100, 32, 32);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c;
          int sum = (full.rgb(2 * x, 2 * y) >> shift & 0xff) + (full.rgb(2 * x + 1, 2 * y) >> shift & 0xff)
              + (full.rgb(2 * x, 2 * y + 1) >> shift & 0xff) + (full.rgb(2 * x + 1, 2 * y + 1) >> shift & 0xff);
          assertThat(half.rgb(x, y) >> shift & 0xff).isEqualTo((sum + 2) / 4);
        }
      }
    }
  }

  @Test
  void outsideTheSlideIsWhiteAndLabelsZero() {
    RgbRaster r = SLIDE.render(0, 7990, -5, 20, 10);
    assertThat(r.rgb(15, 7)).isEqualTo(0xffffff);
    assertThat(r.rgb(3, 2)).isEqualTo(0xffffff);
    assertThat(r.rgb(3, 7)).isNotEqualTo(0xffffff);
    LabelRaster l = SLIDE.labels(1, 7990, -5, 20, 10);
    assertThat(l.get(15, 7)).isZero();
    assertThat(l.get(3, 7)).isBetween(1, 6);
  }

  /** Mean colour and nucleus-dark share per class over the slide at downsample 4. */
  @Test
  void classesHaveTheirOwnColoursAndTextures() {
    int d = 4;
    int w = 2000;
    int h = 1500;
    RgbRaster px = SLIDE.renderAtDownsample(d, 0, 0, w, h);
    LabelRaster labels = SLIDE.labels(d, 0, 0, w, h);
    long[][] sum = new long[7][3];
    long[] n = new long[7];
    long[] dark = new long[7];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = labels.get(x, y);
        int rgb = px.rgb(x, y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        sum[c][0] += r;
        sum[c][1] += g;
        sum[c][2] += b;
        n[c]++;
        if (r + g + b < 400) {
          dark[c]++;
        }
      }
    }
    for (int c = 1; c <= 5; c++) {
      assertThat(n[c]).as("class %d present", c).isGreaterThan(10_000);
    }
    double[][] mean = new double[7][3];
    double[] lum = new double[7];
    for (int c = 1; c <= 6; c++) {
      for (int k = 0; k < 3 && n[c] > 0; k++) {
        mean[c][k] = (double) sum[c][k] / n[c];
      }
      lum[c] = (mean[c][0] + mean[c][1] + mean[c][2]) / 3;
    }
    // Glass: near white and grey.
    assertThat(mean[1][0]).isGreaterThan(235);
    assertThat(Math.abs(mean[1][0] - mean[1][2])).isLessThan(6);
    // Stroma: pink (red over blue over green), light.
    assertThat(mean[2][0]).isGreaterThan(mean[2][2]);
    assertThat(mean[2][2]).isGreaterThan(mean[2][1] + 20);
    // Tumour: purple and darker than stroma, with many dark nucleus pixels.
    assertThat(lum[3]).isLessThan(lum[2] - 15);
    assertThat(mean[3][2]).isGreaterThan(mean[3][1] + 30);
    assertThat((double) dark[3] / n[3]).isGreaterThan(0.15);
    // Fat: mostly white, lighter than any other tissue.
    assertThat(lum[4]).isGreaterThan(235);
    // Immune cells: the darkest class.
    assertThat(lum[5]).isLessThan(lum[3]);
    assertThat(lum[5]).isLessThan(lum[2]);
  }

  @Test
  void tissueCoversTheAskedFractionAndTheRareClassStaysRare() {
    SyntheticSlide big = SyntheticSlide.of(SyntheticSlideSpec.of(24000, 18000, 11));
    LabelRaster l = big.labels(8, 0, 0, 3000, 2250);
    long[] hist = l.histogram();
    long tissue = l.width() * (long) l.height() - hist[SyntheticClasses.GLASS];
    double fraction = (double) tissue / (l.width() * (long) l.height());
    assertThat(fraction).isBetween(0.55, 0.65);
    double rare = (double) hist[SyntheticClasses.CARCINOMA_IN_SITU] / tissue;
    assertThat(rare).as("rare share of tissue").isGreaterThan(0.001).isLessThan(0.02);
    for (int c = 2; c <= 5; c++) {
      assertThat((double) hist[c] / tissue).as("class %d is common", c).isGreaterThan(0.05);
    }

    SyntheticSlide none = SyntheticSlide.of(SyntheticSlideSpec.of(24000, 18000, 11).withRareFraction(0));
    assertThat(none.labels(8, 0, 0, 3000, 2250).histogram()[SyntheticClasses.CARCINOMA_IN_SITU]).isZero();
    SyntheticSlide sparse = SyntheticSlide.of(SyntheticSlideSpec.of(24000, 18000, 11).withTissueFraction(0.2));
    long[] hs = sparse.labels(8, 0, 0, 3000, 2250).histogram();
    assertThat(1 - (double) hs[SyntheticClasses.GLASS] / (3000 * 2250)).isBetween(0.15, 0.25);
  }

  @Test
  void featuresKeepTheirPhysicalSize() {
    // The same 4 x 3 mm of tissue at 0.5 and at 0.25 µm/px: the finer slide has twice the pixels
    // each way, so each nucleus must cover four times the pixels, and there must be as many.
    SyntheticSlide fine = SyntheticSlide.of(SyntheticSlideSpec.of(16000, 12000, 5).withMicronsPerPixel(0.25));
    assertThat(fine.regionSize()).isEqualTo(2 * SLIDE.regionSize());
    for (long[] at : new long[][] {{2000, 2900}, {3500, 2900}}) {
      RgbRaster coarse = SLIDE.render(0, at[0], at[1], 400, 300);
      Blobs c = Blobs.dark(coarse);
      Blobs f = Blobs.dark(fine.render(0, 2 * at[0], 2 * at[1], 800, 600));
      System.out.printf("nuclei at (%d, %d): %d of %.1f px at 0.5 µm/px, %d of %.1f px at 0.25 µm/px%n",
          at[0], at[1], c.count, c.meanArea(), f.count, f.meanArea());
      assertThat(c.count).as("nuclei in the window").isGreaterThan(200);
      // Touching nuclei merge more often at the coarser scale: counts agree within 15%.
      assertThat((double) f.count / c.count).isBetween(0.95, 1.15);
      // Four times the area, give or take the soft one-pixel rim (measured 3.65 and 3.91).
      assertThat(f.meanArea() / c.meanArea()).as("area ratio").isBetween(3.3, 4.5);
      // And the whole texture scales: the finer slide averaged 2 x 2 is the coarser one, up to
      // the different sampling of edges; unscaled it is another picture.
      double scaled = meanAbsoluteDifference(fine.renderAtDownsample(2, 2 * at[0], 2 * at[1], 400, 300), coarse);
      double unscaled = meanAbsoluteDifference(fine.render(0, 2 * at[0], 2 * at[1], 400, 300), coarse);
      assertThat(scaled).isLessThan(12).isLessThan(unscaled / 2);
    }
  }

  /** Connected (4-neighbour) dark blobs: nuclei, whose mean RGB is under 400 / 3. */
  record Blobs(int count, long pixels) {
    double meanArea() {
      return (double) pixels / count;
    }

    static Blobs dark(RgbRaster r) {
      int w = r.width();
      int h = r.height();
      byte[] d = r.data();
      boolean[] dark = new boolean[w * h];
      for (int i = 0; i < w * h; i++) {
        dark[i] = (d[3 * i] & 0xff) + (d[3 * i + 1] & 0xff) + (d[3 * i + 2] & 0xff) < 400;
      }
      int[] stack = new int[w * h];
      int count = 0;
      long pixels = 0;
      for (int i = 0; i < w * h; i++) {
        if (!dark[i]) {
          continue;
        }
        count++;
        int top = 0;
        stack[top++] = i;
        dark[i] = false;
        while (top > 0) {
          int p = stack[--top];
          pixels++;
          int x = p % w;
          int y = p / w;
          if (x > 0 && dark[p - 1]) {
            dark[p - 1] = false;
            stack[top++] = p - 1;
          }
          if (x < w - 1 && dark[p + 1]) {
            dark[p + 1] = false;
            stack[top++] = p + 1;
          }
          if (y > 0 && dark[p - w]) {
            dark[p - w] = false;
            stack[top++] = p - w;
          }
          if (y < h - 1 && dark[p + w]) {
            dark[p + w] = false;
            stack[top++] = p + w;
          }
        }
      }
      return new Blobs(count, pixels);
    }
  }

  static double meanAbsoluteDifference(RgbRaster a, RgbRaster b) {
    long sum = 0;
    for (int i = 0; i < a.data().length; i++) {
      sum += Math.abs((a.data()[i] & 0xff) - (b.data()[i] & 0xff));
    }
    return (double) sum / a.data().length;
  }

  @Test
  void badSpecsAreRefused() {
    assertThatThrownBy(() -> SyntheticSlideSpec.of(0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticSlideSpec.of(SyntheticSlideSpec.MAX_SIDE + 1, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticSlideSpec.of(10, 10, 1).withTileSize(300))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tileSize");
    assertThatThrownBy(() -> SyntheticSlideSpec.of(10, 10, 1).withRareFraction(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rareFraction");
    assertThatThrownBy(() -> SLIDE.render(9, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SLIDE.renderAtDownsample(0, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pyramidGoesDownByTheFactorUntilOneTile() {
    var levels = SyntheticSlideSpec.of(20000, 15000, 1).levels();
    assertThat(levels).extracting(l -> l.width() + "x" + l.height() + "@" + (int) l.downsample())
        .containsExactly("20000x15000@1", "5000x3750@4", "1250x938@16", "313x235@64");
    assertThat(SyntheticSlideSpec.of(1000, 600, 1).withLevelFactor(2).levels()).hasSize(2);
  }
}
