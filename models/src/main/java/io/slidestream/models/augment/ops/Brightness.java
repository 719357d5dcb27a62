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

/** Adds {@code 255·delta} to every channel, clamped to 0..255. */
public final class Brightness implements AugmentOp {

  @Override
  public String name() {
    return "brightness";
  }

  @Override
  public String description() {
    return "adds a shift to every channel (fraction of full scale)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.symmetric("delta", 0.1, 1, "shift as a fraction of 255; v means -v..v"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("delta"));
  }

  private record Step(Range delta) implements PhotometricStep {
    @Override
    public void apply(SplittableRandom rng, RgbRaster image) {
      double shift = 255 * delta.draw(rng);
      ToneCurve.apply(image, v -> v + shift);
    }
  }
}
