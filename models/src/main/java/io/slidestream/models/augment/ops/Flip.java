package io.slidestream.models.augment.ops;

import io.slidestream.models.augment.Arguments;
import io.slidestream.models.augment.AugmentOp;
import io.slidestream.models.augment.AugmentStep;
import io.slidestream.models.augment.GeometricStep;
import io.slidestream.models.augment.Parameter;
import io.slidestream.models.augment.Warp;
import java.util.List;
import java.util.SplittableRandom;

/** Mirrors left–right and/or top–bottom, each with its own probability. Exact: pixels map onto pixels. */
public final class Flip implements AugmentOp {

  @Override
  public String name() {
    return "flip";
  }

  @Override
  public String description() {
    return "mirror left-right with probability h and top-bottom with probability v";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.probability("h", 0.5, "probability of a left-right mirror"),
        Parameter.probability("v", 0.5, "probability of a top-bottom mirror"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.fixed("h"), a.fixed("v"));
  }

  private record Step(double h, double v) implements GeometricStep {
    @Override
    public Warp draw(SplittableRandom rng, int width, int height) {
      boolean fh = h >= 1 || h > 0 && rng.nextDouble() < h;
      boolean fv = v >= 1 || v > 0 && rng.nextDouble() < v;
      if (!fh && !fv) {
        return null;
      }
      float xMax = width - 1;
      float yMax = height - 1;
      return (xs, ys) -> {
        for (int i = 0; i < xs.length; i++) {
          if (fh) {
            xs[i] = xMax - xs[i];
          }
          if (fv) {
            ys[i] = yMax - ys[i];
          }
        }
      };
    }
  }
}
