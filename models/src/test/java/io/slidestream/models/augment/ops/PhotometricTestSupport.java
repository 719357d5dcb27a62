package io.slidestream.models.augment.ops;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.augment.AugmentationPipeline;

/** Runs one photometric pipeline on one image. */
final class PhotometricTestSupport {

  private PhotometricTestSupport() {}

  static RgbRaster run(String pipeline, RgbRaster image, long seed) {
    return AugmentationPipeline.parse(pipeline)
        .apply(image, LabelSetRaster.unconstrained(image.width(), image.height(), 2), seed).image();
  }

  /** A one-row image of the given colours. */
  static RgbRaster row(int... rgb) {
    RgbRaster r = RgbRaster.create(rgb.length, 1);
    for (int i = 0; i < rgb.length; i++) {
      r.setRgb(i, 0, rgb[i]);
    }
    return r;
  }
}
