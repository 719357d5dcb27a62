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

/** Gamma curve {@code 255·(v/255)^gamma} on every channel: below 1 brightens mid-tones, above 1 darkens. */
public final class Gamma implements AugmentOp {

  @Override
  public String name() {
    return "gamma";
  }

  @Override
  public String description() {
    return "gamma curve on every channel";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.fixed("gamma", 0.8, 1.25, 0.1, 10, "exponent; 1 changes nothing"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("gamma"));
  }

  private record Step(Range gamma) implements PhotometricStep {
    @Override
    public void apply(SplittableRandom rng, RgbRaster image) {
      double g = gamma.draw(rng);
      ToneCurve.apply(image, v -> 255 * Math.pow(v / 255, g));
    }
  }
}
