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

/**
 * Quarter turns counter-clockwise as displayed (as numpy's {@code rot90}). The sample keeps its
 * size: a square sample turns exactly onto itself; a non-square one turns about its centre, moved
 * by half a pixel when width and height differ by an odd number so that pixels still map onto
 * pixels, and the corners that come from outside carry no labels.
 */
public final class Rot90 implements AugmentOp {

  @Override
  public String name() {
    return "rot90";
  }

  @Override
  public String description() {
    return "k quarter turns counter-clockwise";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("k", 0, 3, 0, 3, "quarter turns counter-clockwise, drawn per sample"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("k"));
  }

  private record Step(Range k) implements GeometricStep {
    @Override
    public Warp draw(SplittableRandom rng, int width, int height) {
      int turns = k.drawInt(rng) & 3;
      if (turns == 0) {
        return null;
      }
      // Source of output (x, y) for one turn: (a - y, b + x), with a = cx + cy and b = cy - cx the
      // centre sums, rounded down so that they are integers.
      float a = Math.floorDiv(width + height - 2, 2);
      float b = Math.floorDiv(height - width, 2);
      float xMax = width - 1;
      float yMax = height - 1;
      return switch (turns) {
        case 1 -> (xs, ys) -> {
          for (int i = 0; i < xs.length; i++) {
            float x = xs[i];
            xs[i] = a - ys[i];
            ys[i] = b + x;
          }
        };
        case 2 -> (xs, ys) -> {
          for (int i = 0; i < xs.length; i++) {
            xs[i] = xMax - xs[i];
            ys[i] = yMax - ys[i];
          }
        };
        default -> (xs, ys) -> {
          for (int i = 0; i < xs.length; i++) {
            float x = xs[i];
            xs[i] = ys[i] - b;
            ys[i] = a - x;
          }
        };
      };
    }
  }
}
