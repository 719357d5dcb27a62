package io.slidestream.images.readers.synthetic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.slidestream.images.readers.PyramidLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that defines a synthetic slide; the same spec always gives the same pixels. This is
 * also the content of a {@code *.synthetic.json} file (missing fields take the defaults below).
 *
 * @param width           level-0 pixels across
 * @param height          level-0 pixels down
 * @param seed            the randomness: tissue shape, regions, cells
 * @param micronsPerPixel level-0 pixel size (default 0.5, a 20× scan); tissue features keep their
 *                        physical size, so a smaller value draws larger cells in pixels
 * @param objectivePower  nominal objective written into the description (default 20)
 * @param tileSize        stored tile side, 256 or 512 (default 512)
 * @param levelFactor     downsample between pyramid levels, 2 or 4 (default 4)
 * @param tissueFraction  share of the slide covered by tissue, 0.05..0.95 (default 0.6)
 * @param rareFraction    target share of tissue in the rare hard class, 0..0.05 (default 0.01; 0 turns it off)
 * @param jpegQuality     1..100 (default 90)
 */
public record SyntheticSlideSpec(
    long width,
    long height,
    long seed,
    double micronsPerPixel,
    double objectivePower,
    int tileSize,
    int levelFactor,
    double tissueFraction,
    double rareFraction,
    int jpegQuality) {

  /** Coordinates are ints inside the renderer; this leaves room for any real slide. */
  public static final long MAX_SIDE = 1L << 22;

  public SyntheticSlideSpec {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("synthetic slide size must be 1.." + MAX_SIDE + " a side, got "
          + width + "x" + height);
    }
    if (!(micronsPerPixel >= 0.05 && micronsPerPixel <= 50)) {
      throw new IllegalArgumentException("micronsPerPixel must be 0.05..50, got " + micronsPerPixel);
    }
    if (!(objectivePower > 0 && objectivePower <= 200)) {
      throw new IllegalArgumentException("objectivePower must be in (0, 200], got " + objectivePower);
    }
    if (tileSize != 256 && tileSize != 512) {
      throw new IllegalArgumentException("tileSize must be 256 or 512, got " + tileSize);
    }
    if (levelFactor != 2 && levelFactor != 4) {
      throw new IllegalArgumentException("levelFactor must be 2 or 4, got " + levelFactor);
    }
    if (!(tissueFraction >= 0.05 && tissueFraction <= 0.95)) {
      throw new IllegalArgumentException("tissueFraction must be 0.05..0.95, got " + tissueFraction);
    }
    if (!(rareFraction >= 0 && rareFraction <= 0.05)) {
      throw new IllegalArgumentException("rareFraction must be 0..0.05, got " + rareFraction);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("jpegQuality must be 1..100, got " + jpegQuality);
    }
  }

  /** A slide of the given size and seed with every other setting at its default. */
  public static SyntheticSlideSpec of(long width, long height, long seed) {
    return new SyntheticSlideSpec(width, height, seed, 0.5, 20, 512, 4, 0.6, 0.01, 90);
  }

  @JsonCreator
  static SyntheticSlideSpec fromJson(
      @JsonProperty(value = "width", required = true) long width,
      @JsonProperty(value = "height", required = true) long height,
      @JsonProperty(value = "seed", required = true) long seed,
      @JsonProperty("micronsPerPixel") Double micronsPerPixel,
      @JsonProperty("objectivePower") Double objectivePower,
      @JsonProperty("tileSize") Integer tileSize,
      @JsonProperty("levelFactor") Integer levelFactor,
      @JsonProperty("tissueFraction") Double tissueFraction,
      @JsonProperty("rareFraction") Double rareFraction,
      @JsonProperty("jpegQuality") Integer jpegQuality) {
    return new SyntheticSlideSpec(width, height, seed,
        micronsPerPixel == null ? 0.5 : micronsPerPixel,
        objectivePower == null ? 20 : objectivePower,
        tileSize == null ? 512 : tileSize,
        levelFactor == null ? 4 : levelFactor,
        tissueFraction == null ? 0.6 : tissueFraction,
        rareFraction == null ? 0.01 : rareFraction,
        jpegQuality == null ? 90 : jpegQuality);
  }

  public SyntheticSlideSpec withTileSize(int size) {
    return new SyntheticSlideSpec(width, height, seed, micronsPerPixel, objectivePower, size, levelFactor,
        tissueFraction, rareFraction, jpegQuality);
  }

  public SyntheticSlideSpec withLevelFactor(int factor) {
    return new SyntheticSlideSpec(width, height, seed, micronsPerPixel, objectivePower, tileSize, factor,
        tissueFraction, rareFraction, jpegQuality);
  }

  public SyntheticSlideSpec withMicronsPerPixel(double mpp) {
    return new SyntheticSlideSpec(width, height, seed, mpp, objectivePower, tileSize, levelFactor,
        tissueFraction, rareFraction, jpegQuality);
  }

  public SyntheticSlideSpec withTissueFraction(double fraction) {
    return new SyntheticSlideSpec(width, height, seed, micronsPerPixel, objectivePower, tileSize, levelFactor,
        fraction, rareFraction, jpegQuality);
  }

  public SyntheticSlideSpec withRareFraction(double fraction) {
    return new SyntheticSlideSpec(width, height, seed, micronsPerPixel, objectivePower, tileSize, levelFactor,
        tissueFraction, fraction, jpegQuality);
  }

  /**
   * The pyramid: level k has downsample {@code levelFactor^k} and {@code ceil(size / downsample)}
   * pixels, down to the first level that fits in one tile.
   */
  public List<PyramidLevel> levels() {
    List<PyramidLevel> levels = new ArrayList<>();
    long d = 1;
    while (true) {
      long w = (width + d - 1) / d;
      long h = (height + d - 1) / d;
      levels.add(new PyramidLevel(w, h, d, tileSize, tileSize));
      if (w <= tileSize && h <= tileSize) {
        return levels;
      }
      d *= levelFactor;
    }
  }
}
