package io.slidestream.models.data;

import io.slidestream.annotations.AnnotationSource;
import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.annotations.RegionRequest;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.readers.synthetic.SyntheticSlide;

/**
 * The dense truth of a synthetic slide as an annotation source (classes 1..6 → ids 0..5), for
 * requests at whole downsamples and corners; the pixel-centre rule of {@link RegionRequest} then
 * samples the same level-0 pixel as {@link SyntheticSlide#labels}.
 */
final class SyntheticTruthSource implements AnnotationSource {

  private final SyntheticSlide slide;

  SyntheticTruthSource(SyntheticSlide slide) {
    this.slide = slide;
  }

  @Override
  public int classCount() {
    return 6;
  }

  @Override
  public LabelSetRaster rasterize(RegionRequest r) {
    int d = (int) r.downsample();
    if (d != r.downsample() || r.x() != Math.rint(r.x()) || r.y() != Math.rint(r.y())) {
      throw new IllegalArgumentException("synthetic truth needs whole downsamples and corners: " + r);
    }
    LabelRaster classes = slide.labels(d, (long) r.x(), (long) r.y(), r.width(), r.height());
    long[] sets = new long[r.width() * r.height()];
    byte[] c = classes.data();
    for (int i = 0; i < sets.length; i++) {
      int k = c[i] & 0xff;
      sets[i] = k == 0 ? 0b111111 : 1L << (k - 1);
    }
    return LabelSetRaster.wrap(r.width(), r.height(), 6, sets);
  }
}
