package io.slidestream.models.compound;

import io.slidestream.images.LabelClass;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny untrained compound models: random weights are enough to check the plumbing exactly. */
final class TinyCompound {

  private TinyCompound() {}

  static final List<LabelClass> BINARY = List.of(SyntheticClasses.byId(1), SyntheticClasses.byId(2));

  /** A first model at 1 µm/px with {@code classes} softmax classes (background channel 0). */
  static TrainedModel first(int classes, long seed) {
    UNetConfig c = UNetConfig.builder().levels(2).filters(4).patchSize(32).classes(classes).seed(seed).build();
    List<LabelClass> names = SyntheticClasses.CLASSES.subList(0, classes);
    return new TrainedModel(UNet.create(c), ModelMetadata.builder("first", c, names).micronsPerPixel(1.0)
        .normalisation(InputNormalisation.CENTRED).build());
  }

  /** A second model at 2 µm/px taking RGB and {@code extra} channels, with a halo of 2 px. */
  static TrainedModel second(int extra, long seed) {
    UNetConfig c = UNetConfig.builder().levels(2).filters(4).patchSize(16).inputChannels(3 + extra).classes(2)
        .seed(seed).build();
    return new TrainedModel(UNet.create(c), ModelMetadata.builder("second", c, BINARY).micronsPerPixel(2.0).halo(2)
        .build());
  }

  static RgbRaster noise(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    RgbRaster img = RgbRaster.create(size, size);
    r.nextBytes(img.data());
    return img;
  }
}
