package io.slidestream.images.readers.synthetic;

import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.synthetic.internals.TissueRenderer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An H&E-like slide made up from a {@link SyntheticSlideSpec}: the class of every place and the
 * colour of every pixel are pure functions of the spec and the position, so any region renders
 * alone, at any level, identically however the slide is cut into tiles. See
 * {@link SyntheticClasses} for what the classes look like. Thread-safe.
 */
public final class SyntheticSlide {

  private final SyntheticSlideSpec spec;
  private final TissueRenderer renderer;
  private final List<PyramidLevel> levels;

  private SyntheticSlide(SyntheticSlideSpec spec) {
    this.spec = spec;
    this.renderer = new TissueRenderer(spec);
    this.levels = spec.levels();
  }

  public static SyntheticSlide of(SyntheticSlideSpec spec) {
    return new SyntheticSlide(Objects.requireNonNull(spec, "spec"));
  }

  public SyntheticSlideSpec spec() {
    return spec;
  }

  /** The pyramid the slide is written and read with. */
  public List<PyramidLevel> levels() {
    return levels;
  }

  /** The true class (1..6) of level-0 pixel (x, y). */
  public int classAt(long x, long y) {
    return renderer.map().classAt(x, y);
  }

  /**
   * Pixels as {@code SlideReader.readRegion} gives them: corner in level-0 coordinates, size in
   * pixels of {@code level}; white outside the slide.
   */
  public RgbRaster render(int level, long x, long y, int width, int height) {
    if (level < 0 || level >= levels.size()) {
      throw new IllegalArgumentException("level " + level + " does not exist; the slide has " + levels.size());
    }
    return renderer.render((int) levels.get(level).downsample(), x, y, width, height);
  }

  /** Pixels at any integer downsample (see {@link TissueRenderer} for how a pixel is sampled). */
  public RgbRaster renderAtDownsample(int downsample, long x, long y, int width, int height) {
    return renderer.render(downsample, x, y, width, height);
  }

  /**
   * The dense ground truth at an integer downsample: each pixel is the class of the level-0 pixel
   * at the centre of the block it stands for; 0 only outside the slide.
   */
  public LabelRaster labels(int downsample, long x, long y, int width, int height) {
    return renderer.labels(downsample, x, y, width, height);
  }

  /** Side of the cells on which the class is constant, in level-0 pixels (8). */
  public int classCellSize() {
    return io.slidestream.images.readers.synthetic.internals.TissueMap.CELL;
  }

  /** Side of the grid of tissue regions in level-0 pixels (about 500 µm). */
  public double regionSize() {
    return renderer.map().regionSize();
  }

  TissueRenderer renderer() {
    return renderer;
  }

  /** What a reader of this slide reports. */
  public SlideInfo info(String readerName, String vendor) {
    return new SlideInfo(readerName, vendor, levels, spec.micronsPerPixel(), spec.micronsPerPixel(),
        spec.objectivePower());
  }

  /**
   * An Aperio-style ImageDescription that says the slide is synthetic. OpenSlide takes a TIFF whose
   * description starts with "Aperio" as vendor aperio and reads {@code AppMag} and {@code MPP}
   * from the {@code |key = value|} pairs.
   */
  public String aperioDescription() {
    return String.format(Locale.ROOT,
        "Aperio Image Library Slidestream synthetic\r\n%dx%d [0,0 %dx%d] (%dx%d) JPEG/RGB Q=%d"
            + "|AppMag = %s|MPP = %s|Synthetic = Slidestream synthetic tissue, not a patient|Seed = %d"
            + "|TissueFraction = %s|RareFraction = %s",
        spec.width(), spec.height(), spec.width(), spec.height(), spec.tileSize(), spec.tileSize(),
        spec.jpegQuality(), number(spec.objectivePower()), number(spec.micronsPerPixel()), spec.seed(),
        number(spec.tissueFraction()), number(spec.rareFraction()));
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
