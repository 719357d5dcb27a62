package io.slidestream.models.data;

import io.slidestream.annotations.AnnotationSource;
import io.slidestream.annotations.LabelSet;
import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.annotations.RegionRequest;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Patches from slides at one working resolution: each slide is a {@link SlideReader} with an
 * {@link AnnotationSource} (what the loss sees) and optionally a second one for the dense
 * reference (what evaluation sees). A patch is the slide read at the working downsample
 * ({@link SlideReader#readRegionAtDownsample}) with the annotations rasterised over exactly the
 * same pixels ({@link RegionRequest}'s pixel-centre rule), so image and labels line up. Outside
 * the slide the image is white (glass, as readers return it) and the labels are whatever the
 * annotation source says there (normally "all classes").
 *
 * <p>The annotated area of a slide is estimated once, on first use, by rasterising its
 * annotations at 4×4 points per cell of {@link #cellSize(int)} working pixels; cells are at
 * least 16 px and grow so that a slide has at most about 4 million of them. The source owns the
 * readers and annotation sources it is given and closes them. Thread-safe.
 */
public final class SlidePatchSource implements PatchSource {

  private static final long MAX_CELLS = 4L << 20;
  private static final int SUBSAMPLES = 4;

  /** One slide with its annotations; {@code reference} is null without a dense reference. */
  private record Slide(String id, SlideReader reader, AnnotationSource annotations, AnnotationSource reference,
      double downsample, int width, int height) {}

  private final List<Slide> slides;
  private final int classCount;
  private final AnnotatedArea[] areas;

  private SlidePatchSource(List<Slide> slides) {
    this.slides = List.copyOf(slides);
    this.classCount = slides.get(0).annotations().classCount();
    this.areas = new AnnotatedArea[slides.size()];
  }

  /** A source reading slides at {@code micronsPerPixel} (each slide must state its own µm/px). */
  public static Builder atMicronsPerPixel(double micronsPerPixel) {
    if (!(micronsPerPixel > 0) || Double.isInfinite(micronsPerPixel)) {
      throw new IllegalArgumentException("µm per pixel must be positive, got " + micronsPerPixel);
    }
    return new Builder(micronsPerPixel, 0);
  }

  /** A source reading slides at a fixed downsample from level 0, for slides without µm/px. */
  public static Builder atDownsample(double downsample) {
    if (!(downsample > 0) || Double.isInfinite(downsample)) {
      throw new IllegalArgumentException("downsample must be positive, got " + downsample);
    }
    return new Builder(0, downsample);
  }

  /** Collects slides. */
  public static final class Builder {
    private final double micronsPerPixel;
    private final double downsample;
    private final List<Slide> slides = new ArrayList<>();

    private Builder(double micronsPerPixel, double downsample) {
      this.micronsPerPixel = micronsPerPixel;
      this.downsample = downsample;
    }

    public Builder add(String id, SlideReader reader, AnnotationSource annotations) {
      return add(id, reader, annotations, null);
    }

    /** @param reference dense reference annotations, or null */
    public Builder add(String id, SlideReader reader, AnnotationSource annotations, AnnotationSource reference) {
      Objects.requireNonNull(id, "id");
      SlideInfo info = reader.info();
      double d;
      if (micronsPerPixel > 0) {
        if (!info.hasMicronsPerPixel()) {
          throw new IllegalArgumentException(id + ": the slide does not state its µm per pixel; read it at a"
              + " downsample instead");
        }
        d = info.downsampleFor(micronsPerPixel);
      } else {
        d = downsample;
      }
      if (!slides.isEmpty() && slides.get(0).annotations().classCount() != annotations.classCount()) {
        throw new IllegalArgumentException(id + ": annotations of " + annotations.classCount() + " classes, but "
            + slides.get(0).id() + " has " + slides.get(0).annotations().classCount());
      }
      if (reference != null && reference.classCount() != annotations.classCount()) {
        throw new IllegalArgumentException(id + ": reference of " + reference.classCount()
            + " classes for annotations of " + annotations.classCount());
      }
      int w = (int) Math.min(Integer.MAX_VALUE, (long) Math.floor(info.width() / d));
      int h = (int) Math.min(Integer.MAX_VALUE, (long) Math.floor(info.height() / d));
      slides.add(new Slide(id, reader, annotations, reference, d, w, h));
      return this;
    }

    public SlidePatchSource build() {
      if (slides.isEmpty()) {
        throw new IllegalArgumentException("a slide source needs at least one slide");
      }
      return new SlidePatchSource(slides);
    }
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public int regionCount() {
    return slides.size();
  }

  @Override
  public String regionId(int region) {
    return slides.get(region).id();
  }

  @Override
  public int regionWidth(int region) {
    return slides.get(region).width();
  }

  @Override
  public int regionHeight(int region) {
    return slides.get(region).height();
  }

  /** Level-0 pixels per working pixel of a slide. */
  public double downsample(int region) {
    return slides.get(region).downsample();
  }

  @Override
  public TrainingSample read(PatchRequest r) {
    Slide s = slides.get(r.region());
    return readAtLevel0(r.region(), Math.round(r.x() * s.downsample()), Math.round(r.y() * s.downsample()),
        r.width(), r.height());
  }

  /**
   * A {@code width × height} patch at the working resolution whose top-left corner is level-0
   * pixel ({@code x}, {@code y}) of slide {@code region}.
   */
  public TrainingSample readAtLevel0(int region, long x, long y, int width, int height) {
    Slide s = slides.get(region);
    RgbRaster image = s.reader().readRegionAtDownsample(s.downsample(), x, y, width, height);
    RegionRequest req = new RegionRequest(x, y, s.downsample(), width, height);
    LabelSetRaster labels = s.annotations().rasterize(req);
    Optional<LabelRaster> ref = s.reference() == null ? Optional.empty()
        : Optional.of(TrainingSample.referenceOf(s.reference().rasterize(req)));
    return new TrainingSample(s.id() + "@" + x + "," + y, image, labels, ref);
  }

  /** The level-0 pixel a working-resolution coordinate of a slide falls on, as {@link #read} places patches. */
  public long toLevel0(int region, int working) {
    return Math.round(working * slides.get(region).downsample());
  }

  /**
   * Only the image of a {@code width × height} patch at another downsample (level-0 pixels per
   * pixel) whose top-left corner is level-0 pixel ({@code x}, {@code y}): e.g. the same area at a
   * finer resolution for a compound model's first network.
   */
  public RgbRaster readImageAtLevel0(int region, double downsample, long x, long y, int width, int height) {
    return slides.get(region).reader().readRegionAtDownsample(downsample, x, y, width, height);
  }

  /** Side, in working pixels, of the cells a slide's annotated area is counted in. */
  public static int cellSize(long width, long height) {
    double side = Math.sqrt((double) width * height / MAX_CELLS);
    int cell = Math.max(16, (int) Math.ceil(side));
    return (cell + SUBSAMPLES - 1) / SUBSAMPLES * SUBSAMPLES;
  }

  @Override
  public AnnotatedArea annotatedArea(int region) {
    synchronized (areas) {
      if (areas[region] == null) {
        areas[region] = estimateArea(slides.get(region));
      }
      return areas[region];
    }
  }

  private static AnnotatedArea estimateArea(Slide s) {
    int cell = cellSize(s.width(), s.height());
    int cols = (s.width() + cell - 1) / cell;
    int rows = (s.height() + cell - 1) / cell;
    int[] counts = new int[cols * rows];
    int step = cell / SUBSAMPLES;
    double d = s.downsample() * step;
    int sw = cols * SUBSAMPLES;
    long universe = LabelSet.universe(s.annotations().classCount());
    int stripRows = Math.max(SUBSAMPLES, (1 << 20) / sw / SUBSAMPLES * SUBSAMPLES);
    for (int top = 0; top < rows * SUBSAMPLES; top += stripRows) {
      int sh = Math.min(stripRows, rows * SUBSAMPLES - top);
      long[] sets = s.annotations().rasterize(new RegionRequest(0, top * d, d, sw, sh)).data();
      for (int j = 0; j < sh; j++) {
        int sy = (top + j) * step + step / 2;
        if (sy >= s.height()) {
          break;
        }
        int rowCell = ((top + j) / SUBSAMPLES) * cols;
        for (int i = 0; i < sw; i++) {
          if (i * step + step / 2 < s.width() && sets[j * sw + i] != universe) {
            counts[rowCell + i / SUBSAMPLES]++;
          }
        }
      }
    }
    // Each sample stands for step² working pixels.
    int perSample = step * step;
    for (int c = 0; c < counts.length; c++) {
      counts[c] *= perSample;
    }
    AnnotationSource a = s.annotations();
    double ds = s.downsample();
    AnnotatedPixels exact = (x, y) -> a.rasterize(new RegionRequest(x * ds, y * ds, ds, 1, 1)).data()[0] != universe;
    return new AnnotatedArea(s.width(), s.height(), cell, counts, false, exact);
  }

  @Override
  public void close() {
    for (Slide s : slides) {
      s.annotations().close();
      if (s.reference() != null) {
        s.reference().close();
      }
      s.reader().close();
    }
  }

  @Override
  public String toString() {
    return "SlidePatchSource[" + slides.size() + " slides, " + classCount + " classes]";
  }
}
