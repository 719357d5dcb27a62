package io.slidestream.tissue;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import java.util.Objects;

/**
 * Finds tissue on a low-resolution thumbnail: stained tissue is coloured, glass and most dust are
 * grey, so a pixel is tissue when its saturation is above an Otsu threshold (never below a floor,
 * so an empty slide does not split its noise into "tissue") and it is not near-white. Fat is
 * the exception: large pale cells with thin membranes have almost no saturation, but unlike glass
 * they are textured, so a pixel whose neighbourhood varies in brightness more than glass noise
 * does is tissue too. Then a closing joins fragmented tissue, small specks are dropped and small
 * holes filled.
 */
public final class TissueDetector {

  /**
   * @param thumbnailMicronsPerPixel resolution the detection runs at (coarser is faster; 8–16 µm/px
   *     resolves everything a tile of tissue needs); used when the slide states its µm/px
   * @param thumbnailMaxSize         longest thumbnail side when it does not (or as an upper bound)
   * @param minSaturation            floor of the saturation threshold (0–255)
   * @param maxBrightness            pixels brighter than this (max of R, G, B) are background
   * @param minTexture               a pixel whose 3×3 neighbourhood spans more grey levels than this
   *     is tissue even when unsaturated (fat); 0 turns the texture cue off
   * @param closingMicrons           radius of the closing that joins nearby tissue
   * @param minRegionMicrons2        tissue pieces smaller than this are dropped (dust, debris)
   * @param maxHoleMicrons2          holes smaller than this inside tissue are filled
   */
  public record Settings(
      double thumbnailMicronsPerPixel,
      int thumbnailMaxSize,
      int minSaturation,
      int maxBrightness,
      int minTexture,
      double closingMicrons,
      double minRegionMicrons2,
      double maxHoleMicrons2) {

    public static Settings defaults() {
      return new Settings(8.0, 4096, 20, 235, 12, 24, 20_000, 40_000);
    }
  }

  private final Settings settings;

  public TissueDetector(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public TissueMask detect(SlideReader reader) {
    SlideInfo info = reader.info();
    double longest = Math.max(info.width(), info.height());
    double downsample = info.hasMicronsPerPixel()
        ? settings.thumbnailMicronsPerPixel() / info.micronsPerPixelX()
        : longest / settings.thumbnailMaxSize();
    downsample = Math.max(1.0, Math.max(downsample, longest / settings.thumbnailMaxSize()));
    int w = (int) Math.max(1, Math.ceil(info.width() / downsample));
    int h = (int) Math.max(1, Math.ceil(info.height() / downsample));
    RgbRaster thumb = reader.readRegionAtDownsample(downsample, 0, 0, w, h);
    double micronsPerMaskPixel = info.hasMicronsPerPixel() ? info.micronsPerPixelX() * downsample : Double.NaN;
    return new TissueMask(detect(thumb, micronsPerMaskPixel), downsample);
  }

  /**
   * Detects tissue on a thumbnail whose pixels are {@code micronsPerPixel} wide (NaN if unknown:
   * then the morphology assumes 8 µm/px).
   */
  public BinaryMask detect(RgbRaster thumb, double micronsPerPixel) {
    double um = Double.isNaN(micronsPerPixel) ? 8.0 : micronsPerPixel;
    int w = thumb.width();
    int h = thumb.height();
    byte[] px = thumb.data();
    byte[] saturation = new byte[w * h];
    long[] histogram = new long[256];
    for (int i = 0, p = 0; i < saturation.length; i++, p += 3) {
      int r = px[p] & 0xff;
      int g = px[p + 1] & 0xff;
      int b = px[p + 2] & 0xff;
      int max = Math.max(r, Math.max(g, b));
      int min = Math.min(r, Math.min(g, b));
      int s = max == 0 ? 0 : (255 * (max - min) + max / 2) / max;
      saturation[i] = (byte) s;
      histogram[s]++;
    }
    int threshold = Math.max(settings.minSaturation(), OtsuThreshold.of(histogram));
    byte[] texture = settings.minTexture() > 0 ? greyRange3x3(px, w, h) : null;
    BinaryMask raw = new BinaryMask(w, h);
    for (int i = 0, p = 0; i < saturation.length; i++, p += 3) {
      boolean stained = (saturation[i] & 0xff) > threshold
          && Math.max(px[p] & 0xff, Math.max(px[p + 1] & 0xff, px[p + 2] & 0xff)) <= settings.maxBrightness();
      boolean textured = texture != null && (texture[i] & 0xff) > settings.minTexture();
      if (stained || textured) {
        raw.set(i % w, i / w, true);
      }
    }
    int radius = (int) Math.round(settings.closingMicrons() / um);
    long minRegion = Math.round(settings.minRegionMicrons2() / (um * um));
    long maxHole = Math.round(settings.maxHoleMicrons2() / (um * um));
    return raw.close(radius).withoutComponentsSmallerThan(minRegion).withHolesFilledUpTo(maxHole);
  }

  /** Max minus min of the grey level (mean of R, G, B) over each pixel's 3×3 neighbourhood. */
  private static byte[] greyRange3x3(byte[] px, int w, int h) {
    int[] grey = new int[w * h];
    for (int i = 0, p = 0; i < grey.length; i++, p += 3) {
      grey[i] = ((px[p] & 0xff) + (px[p + 1] & 0xff) + (px[p + 2] & 0xff)) / 3;
    }
    byte[] range = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int lo = 255;
        int hi = 0;
        for (int dy = Math.max(0, y - 1); dy <= Math.min(h - 1, y + 1); dy++) {
          for (int dx = Math.max(0, x - 1); dx <= Math.min(w - 1, x + 1); dx++) {
            int g = grey[dy * w + dx];
            lo = Math.min(lo, g);
            hi = Math.max(hi, g);
          }
        }
        range[y * w + x] = (byte) (hi - lo);
      }
    }
    return range;
  }
}
