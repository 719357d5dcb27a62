package io.slidestream.models.compound;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.AnnotatedArea;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.SlidePatchSource;
import io.slidestream.models.data.TrainingSample;
import java.util.List;
import java.util.Objects;

/**
 * Training patches for a compound model's second network: each patch of the slides at the second
 * network's resolution, with its labels as the slide source gives them, and its input made by
 * {@link CompoundInput} from the same area read {@code scale} times finer (a {@code 2P × 2P} read at
 * 1 µm/px for a {@code P × P} patch at 2 µm/px): the first network's pooled probabilities as extra
 * channels and the pooled RGB as image. Uses the slide source without owning it. Thread-safe (the
 * first network's calls are serialised).
 */
public final class CompoundPatchSource implements PatchSource {

  private final SlidePatchSource slides;
  private final CompoundInput input;

  public CompoundPatchSource(SlidePatchSource slides, CompoundInput input) {
    this.slides = Objects.requireNonNull(slides, "slides");
    this.input = Objects.requireNonNull(input, "input");
  }

  @Override
  public int classCount() {
    return slides.classCount();
  }

  @Override
  public int regionCount() {
    return slides.regionCount();
  }

  @Override
  public String regionId(int region) {
    return slides.regionId(region);
  }

  @Override
  public int regionWidth(int region) {
    return slides.regionWidth(region);
  }

  @Override
  public int regionHeight(int region) {
    return slides.regionHeight(region);
  }

  @Override
  public AnnotatedArea annotatedArea(int region) {
    return slides.annotatedArea(region);
  }

  @Override
  public TrainingSample read(PatchRequest r) {
    TrainingSample coarse = slides.read(r);
    int scale = input.scale();
    RgbRaster fine = slides.readImageAtLevel0(r.region(), slides.downsample(r.region()) / scale,
        slides.toLevel0(r.region(), r.x()), slides.toLevel0(r.region(), r.y()), r.width() * scale,
        r.height() * scale);
    CompoundInput.Coarse c = input.compute(List.of(fine));
    return coarse.withInput(c.images().get(0), c.extra().get(0));
  }

  /** Does not close the slides: their owner does. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "CompoundPatchSource[" + slides + ", first network at " + scale() + "× finer]";
  }

  private int scale() {
    return input.scale();
  }
}
