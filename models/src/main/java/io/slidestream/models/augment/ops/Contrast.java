package io.slidestream.models.augment.ops;

import io.slidestream.models.augment.Arguments;
import io.slidestream.models.augment.AugmentOp;
import io.slidestream.models.augment.AugmentStep;
import io.slidestream.models.augment.Parameter;
import io.slidestream.models.augment.PhotometricStep;
import io.slidestream.models.augment.Range;
import io.slidestream.images.RgbRaster;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scales every channel's distance from the sample's mean luminance ({@code 0.299R + 0.587G + 0.114B})
 * by {@code factor}: the mean grey level stays, 0 gives a flat grey, above 1 spreads the tones.
 */
public final class Contrast implements AugmentOp {

  @Override
  public String name() {
    return "contrast";
  }

  @Override
  public String description() {
    return "scales distances from the mean luminance";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.fixed("factor", 0.8, 1.2, 0, 10, "contrast factor; 1 changes nothing"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("factor"));
  }

  private record Step(Range factor) implements PhotometricStep {
    @Override
    public void apply(SplittableRandom rng, RgbRaster image) {
      double c = factor.draw(rng);
      double mean = meanLuminance(image);
      ToneCurve.apply(image, v -> mean + c * (v - mean));
    }
  }

  static double meanLuminance(RgbRaster image) {
    byte[] d = image.data();
    long r = 0;
    long g = 0;
    long b = 0;
    for (int i = 0; i < d.length; i += 3) {
      r += d[i] & 0xff;
      g += d[i + 1] & 0xff;
      b += d[i + 2] & 0xff;
    }
    long n = Math.max(1, d.length / 3);
    return (0.299 * r + 0.587 * g + 0.114 * b) / n;
  }
}
