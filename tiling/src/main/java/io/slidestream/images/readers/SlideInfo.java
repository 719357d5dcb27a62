package io.slidestream.images.readers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What a slide is, in the terms tiling and inference need, and nothing that could identify a
 * patient: no label or macro image, no raw vendor description, no barcode, no dates, no file
 * names of the scanner. This is the only slide metadata that leaves a reader.
 *
 * @param reader           name of the {@link SlideReaderProvider} that opened the slide
 * @param vendor           format family as detected ("aperio", "generic-tiff", "ome-tiff", …)
 * @param levels           the pyramid, level 0 (full resolution) first, downsample increasing
 * @param micronsPerPixelX level-0 pixel width in µm, or null when the file does not say
 * @param micronsPerPixelY level-0 pixel height in µm, or null
 * @param objectivePower   nominal scanner objective (20, 40, …), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlideInfo(
    String reader,
    String vendor,
    List<PyramidLevel> levels,
    Double micronsPerPixelX,
    Double micronsPerPixelY,
    Double objectivePower) {

  public SlideInfo {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(vendor, "vendor");
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("a slide has at least one level");
    }
  }

  @JsonIgnore
  public long width() {
    return levels.get(0).width();
  }

  @JsonIgnore
  public long height() {
    return levels.get(0).height();
  }

  @JsonIgnore
  public int levelCount() {
    return levels.size();
  }

  public PyramidLevel level(int index) {
    if (index < 0 || index >= levels.size()) {
      throw new IllegalArgumentException("level " + index + " does not exist; the slide has " + levels.size());
    }
    return levels.get(index);
  }

  @JsonIgnore
  public boolean hasMicronsPerPixel() {
    return micronsPerPixelX != null && micronsPerPixelY != null;
  }

  /**
   * The level to read for a wanted downsample: the lowest-resolution level that is still at least
   * as sharp as asked (downsample not above it, within a rounding tolerance), as OpenSlide does.
   */
  public int bestLevelForDownsample(double downsample) {
    if (!(downsample > 0) || Double.isInfinite(downsample)) {
      throw new IllegalArgumentException("downsample must be positive and finite, got " + downsample);
    }
    int best = 0;
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).downsample() <= downsample * (1 + 1e-3)) {
        best = i;
      }
    }
    return best;
  }

  /** Downsample from level 0 to the given resolution in µm/px; fails if the slide has no µm/px. */
  public double downsampleFor(double micronsPerPixel) {
    if (!hasMicronsPerPixel()) {
      throw new IllegalStateException("the slide does not state its µm per pixel");
    }
    if (!(micronsPerPixel > 0) || Double.isInfinite(micronsPerPixel)) {
      throw new IllegalArgumentException("µm per pixel must be positive and finite, got " + micronsPerPixel);
    }
    return micronsPerPixel / micronsPerPixelX;
  }

  /** A copy naming another reader, for comparisons between readers of the same file. */
  public SlideInfo withReader(String otherReader) {
    return new SlideInfo(otherReader, vendor, levels, micronsPerPixelX, micronsPerPixelY, objectivePower);
  }
}
