package io.slidestream.bench.models;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.models.data.TrainingSample;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Densely labelled images of synthetic tissue with all six {@link SyntheticClasses}: each image is
 * a whole small synthetic slide (its own seed) rendered at an integer downsample, with the slide's
 * dense truth at the same downsample ({@link SyntheticSlide#labels}, what
 * {@code SyntheticGroundTruth.denseTile} writes). Class ids are shifted to 0..5 (Glass 0, Stroma 1,
 * Tumor 2, Adipose 3, Immune cells 4, Carcinoma in situ 5); glass is the background.
 */
public final class SyntheticTissue {

  /** The six classes with ids 0..5, in synthetic id order. */
  public static final List<LabelClass> CLASSES = SyntheticClasses.CLASSES.stream()
      .map(c -> new LabelClass(c.id() - 1, c.name(), c.rgb())).toList();

  public static final int GLASS = SyntheticClasses.GLASS - 1;
  public static final int TUMOR = SyntheticClasses.TUMOR - 1;
  public static final int CARCINOMA_IN_SITU = SyntheticClasses.CARCINOMA_IN_SITU - 1;

  /** Tissue covers most of each image; the rare class at its largest share, so that it is seen. */
  private static final double TISSUE_FRACTION = 0.85;
  private static final double RARE_FRACTION = 0.05;

  private SyntheticTissue() {}

  /**
   * {@code count} images of {@code size} × {@code size} pixels at {@code downsample} (level 0 is
   * 0.5 µm/px), from slides seeded {@code firstSeed, firstSeed + 1, …}, rendered in parallel.
   */
  public static List<TrainingSample> images(long firstSeed, int count, int size, int downsample) {
    return IntStream.range(0, count).parallel().mapToObj(i -> image(firstSeed + i, size, downsample)).toList();
  }

  static TrainingSample image(long seed, int size, int downsample) {
    return image(seed, size, downsample, RARE_FRACTION);
  }

  /** One image whose slide has {@code rareFraction} of its tissue in the rare class (on average over slides). */
  static TrainingSample image(long seed, int size, int downsample, double rareFraction) {
    long side = (long) size * downsample;
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(side, side, seed)
        .withTissueFraction(TISSUE_FRACTION).withRareFraction(rareFraction));
    RgbRaster image = slide.renderAtDownsample(downsample, 0, 0, size, size);
    LabelRaster truth = slide.labels(downsample, 0, 0, size, size);
    byte[] t = truth.data();
    long[] sets = new long[t.length];
    LabelRaster reference = LabelRaster.create(size, size);
    byte[] r = reference.data();
    for (int i = 0; i < t.length; i++) {
      int k = (t[i] & 0xff) - 1;
      if (k < 0) {
        throw new IllegalStateException("synthetic truth outside the slide at pixel " + i);
      }
      sets[i] = 1L << k;
      r[i] = (byte) k;
    }
    return TrainingSample.of("synthetic-" + seed, image, LabelSetRaster.wrap(size, size, CLASSES.size(), sets),
        reference);
  }
}
