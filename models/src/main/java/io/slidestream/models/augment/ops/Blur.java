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
 * Gaussian blur of the image (out of focus scanning), sigma in pixels drawn per sample. Labels
 * are not blurred: the tissue under a pixel does not change with focus.
 */
public final class Blur implements AugmentOp {

  /** Below this sigma the kernel's side taps round away to nothing; skip the work. */
  private static final double NEGLIGIBLE_SIGMA = 0.05;

  @Override
  public String name() {
    return "blur";
  }

  @Override
  public String description() {
    return "Gaussian blur of the image";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.fixed("sigma", 0, 1.5, 0, 20, "standard deviation in px"));
  }

  @Override
  public AugmentStep create(Arguments a) {
    return new Step(a.range("sigma"));
  }

  private record Step(Range sigma) implements PhotometricStep {
    @Override
    public void apply(SplittableRandom rng, RgbRaster image) {
      double s = sigma.draw(rng);
      if (s < NEGLIGIBLE_SIGMA || image.width() == 0 || image.height() == 0) {
        return;
      }
      byte[] d = image.data();
      float[] plane = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        plane[i] = d[i] & 0xff;
      }
      float[] smooth = GaussianKernel.of(s).smooth(plane, image.width(), image.height(), 3, 1);
      for (int i = 0; i < d.length; i++) {
        d[i] = (byte) (int) (smooth[i] + 0.5f);
      }
    }
  }
}
