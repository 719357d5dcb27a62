package io.slidestream.models.testdata;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small training data from the tiling module's synthetic slides: image patches with their true
 * labels, classes mapped onto {@code 0..C-1}.
 */
public final class SyntheticPatches {

  private SyntheticPatches() {}

  /** Synthetic class ids (1 glass .. 6 CIS) to three classes: glass, stroma/adipose, cellular tissue. */
  public static final int[] THREE_CLASSES = {0, 0, 1, 2, 1, 2, 2};

  /** An image patch and its dense labels. */
  public record Patch(RgbRaster image, LabelRaster labels) {}

  /**
   * {@code count} patches of {@code size} pixels at {@code downsample} from one slide, at random
   * places chosen from {@code seed}, preferring patches with more than one class.
   */
  public static List<Patch> patches(long seed, int count, int size, int downsample, int[] classMap) {
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(16384, 16384, seed));
    SplittableRandom random = new SplittableRandom(seed);
    List<Patch> out = new ArrayList<>();
    long span = 16384 - (long) size * downsample;
    for (int tries = 0; out.size() < count; tries++) {
      long x = random.nextLong(span);
      long y = random.nextLong(span);
      LabelRaster truth = slide.labels(downsample, x, y, size, size);
      byte[] l = truth.data();
      int kinds = 0;
      long[] h = new long[8];
      for (int i = 0; i < l.length; i++) {
        l[i] = (byte) classMap[l[i]];
        if (h[l[i]]++ == 0) {
          kinds++;
        }
      }
      if (kinds < 2 && tries < 20 * count) {
        continue;
      }
      out.add(new Patch(slide.renderAtDownsample(downsample, x, y, size, size), truth));
    }
    return out;
  }

  public static List<RgbRaster> images(List<Patch> patches) {
    return patches.stream().map(Patch::image).toList();
  }

  /** One-hot labels {@code [B, C, H, W]}. */
  public static INDArray oneHot(List<Patch> patches, int classes) {
    int h = patches.get(0).labels().height();
    int w = patches.get(0).labels().width();
    float[] y = new float[patches.size() * classes * h * w];
    for (int b = 0; b < patches.size(); b++) {
      byte[] l = patches.get(b).labels().data();
      for (int i = 0; i < l.length; i++) {
        y[(b * classes + l[i]) * h * w + i] = 1;
      }
    }
    return Nd4j.create(y, new long[] {patches.size(), classes, h, w}, DataType.FLOAT);
  }
}
