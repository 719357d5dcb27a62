package io.slidestream.models.augment.ops;

import io.slidestream.models.augment.Arguments;
import io.slidestream.models.augment.AugmentOp;
import io.slidestream.models.augment.AugmentStep;
import io.slidestream.models.augment.GeometricStep;
import io.slidestream.models.augment.Parameter;
import io.slidestream.models.augment.Range;
import io.slidestream.models.augment.Warp;
import java.util.List;
import java.util.SplittableRandom;

/** Free rotation about the sample's centre, counter-clockwise as displayed, by an angle drawn per sample. */
public final class Rotate implements AugmentOp {

  @Override
  public String name() {
    return "rotate";
  }

  @Override
  public String description() {
    return "free rotation about the centre by an angle in degrees";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.symmetric("degrees", 180, 360, "angle counter-clockwise; v means -v..v"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("degrees"));
  }

  private record Step(Range degrees) implements GeometricStep {
    @Override
    public Warp draw(SplittableRandom rng, int width, int height) {
      double theta = Math.toRadians(degrees.draw(rng));
      if (theta == 0) {
        return null;
      }
      double cos = Math.cos(theta);
      double sin = Math.sin(theta);
      double cx = (width - 1) / 2.0;
      double cy = (height - 1) / 2.0;
      return (xs, ys) -> {
        for (int i = 0; i < xs.length; i++) {
          double ox = xs[i] - cx;
          double oy = ys[i] - cy;
          xs[i] = (float) (cx + cos * ox - sin * oy);
          ys[i] = (float) (cy + sin * ox + cos * oy);
        }
      };
    }
  }
}
