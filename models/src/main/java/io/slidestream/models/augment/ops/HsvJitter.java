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
 * Colour jitter in HSV, for stain variation between labs and scanners: the hue turns by
 * {@code h} (a fraction of the colour circle), saturation and value are multiplied by {@code 1+s}
 * and {@code 1+v}, each drawn once per sample.
 */
public final class HsvJitter implements AugmentOp {

  @Override
  public String name() {
    return "hsv";
  }

  @Override
  public String description() {
    return "hue shift and saturation/value scaling";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.symmetric("h", 0.04, 0.5, "hue shift in turns; v means -v..v"),
        Parameter.symmetric("s", 0.1, 1, "relative saturation change; v means -v..v"),
        Parameter.symmetric("v", 0.1, 1, "relative value change; v means -v..v"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("h"), a.range("s"), a.range("v"));
  }

  private record Step(Range h, Range s, Range v) implements PhotometricStep {
    @Override
    public void apply(SplittableRandom rng, RgbRaster image) {
      float dh = (float) h.draw(rng);
      float fs = (float) (1 + s.draw(rng));
      float fv = (float) (1 + v.draw(rng));
      if (dh == 0 && fs == 1 && fv == 1) {
        return;
      }
      shift(image.data(), dh, fs, fv);
    }
  }

  /** Hue plus {@code dh} turns, saturation and value times {@code fs} and {@code fv}, per pixel in place. */
  static void shift(byte[] d, float dh, float fs, float fv) {
    for (int i = 0; i < d.length; i += 3) {
      float r = (d[i] & 0xff) / 255f;
      float g = (d[i + 1] & 0xff) / 255f;
      float b = (d[i + 2] & 0xff) / 255f;
      float max = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      float chroma = max - min;
      float hue;
      if (chroma == 0) {
        hue = 0;
      } else if (max == r) {
        hue = (g - b) / chroma / 6f;
      } else if (max == g) {
        hue = ((b - r) / chroma + 2) / 6f;
      } else {
        hue = ((r - g) / chroma + 4) / 6f;
      }
      float sat = max == 0 ? 0 : chroma / max;
      hue += dh;
      hue -= (float) Math.floor(hue);
      sat = Math.min(1f, sat * fs);
      float val = Math.min(1f, max * fv);
      // Back to RGB (the standard sector formula).
      float h6 = hue * 6f;
      int sector = Math.min(5, (int) h6);
      float f = h6 - sector;
      float p = val * (1 - sat);
      float q = val * (1 - sat * f);
      float t = val * (1 - sat * (1 - f));
      float ro;
      float go;
      float bo;
      switch (sector) {
        case 0 -> { ro = val; go = t; bo = p; }
        case 1 -> { ro = q; go = val; bo = p; }
        case 2 -> { ro = p; go = val; bo = t; }
        case 3 -> { ro = p; go = q; bo = val; }
        case 4 -> { ro = t; go = p; bo = val; }
        default -> { ro = val; go = p; bo = q; }
      }
      d[i] = (byte) (int) (ro * 255f + 0.5f);
      d[i + 1] = (byte) (int) (go * 255f + 0.5f);
      d[i + 2] = (byte) (int) (bo * 255f + 0.5f);
    }
  }
}
