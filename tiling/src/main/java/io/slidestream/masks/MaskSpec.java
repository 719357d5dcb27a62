package io.slidestream.masks;

import io.slidestream.images.LabelClass;
import java.util.List;
import java.util.Objects;

/**
 * The geometry of one slide's predicted mask. The mask has its own pixel grid at the model's
 * resolution; {@code downsample} maps it back to slide level 0 (mask pixel (x, y) covers level-0
 * pixels from (x·d, y·d)). Tiles form a grid of {@code tileSize} squares from the origin; those on
 * the right and bottom edges are clipped to the mask.
 *
 * @param slideId         identifier written into outputs (never a patient identifier)
 * @param width           mask width in mask pixels
 * @param height          mask height in mask pixels
 * @param tileSize        side of a grid tile, a multiple of 16 (TIFF tiles require it)
 * @param micronsPerPixel width of one mask pixel in µm, or NaN when the slide does not say
 * @param downsample      slide level-0 pixels per mask pixel
 * @param classes         the classes the labels stand for; id 0 is what untouched area becomes
 * @param micronsPerPixelY height of one mask pixel in µm (scanners with non-square pixels exist:
 *                        an OME-TIFF of 0.25 × 0.26 µm), NaN exactly when the width is
 */
public record MaskSpec(
    String slideId,
    long width,
    long height,
    int tileSize,
    double micronsPerPixel,
    double downsample,
    List<LabelClass> classes,
    double micronsPerPixelY) {

  public MaskSpec {
    Objects.requireNonNull(slideId, "slideId");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
    }
    if (tileSize < 16 || tileSize % 16 != 0) {
      throw new IllegalArgumentException("tile size must be a positive multiple of 16, got " + tileSize);
    }
    if (!(downsample > 0)) {
      throw new IllegalArgumentException("downsample must be positive, got " + downsample);
    }
    if (Double.isNaN(micronsPerPixel) != Double.isNaN(micronsPerPixelY)) {
      throw new IllegalArgumentException("pixel width and height are both known or both unknown, got "
          + micronsPerPixel + " x " + micronsPerPixelY + " µm");
    }
    classes = List.copyOf(classes);
  }

  /** A mask of square pixels ({@code micronsPerPixel} wide and high). */
  public MaskSpec(String slideId, long width, long height, int tileSize, double micronsPerPixel, double downsample,
      List<LabelClass> classes) {
    this(slideId, width, height, tileSize, micronsPerPixel, downsample, classes, micronsPerPixel);
  }

  public int columns() {
    return (int) ((width + tileSize - 1) / tileSize);
  }

  public int rows() {
    return (int) ((height + tileSize - 1) / tileSize);
  }

  /** Width of the tile in column {@code col}: {@code tileSize}, or less at the right edge. */
  public int tileWidth(int col) {
    return (int) Math.min(tileSize, width - (long) col * tileSize);
  }

  /** Height of the tile in row {@code row}: {@code tileSize}, or less at the bottom edge. */
  public int tileHeight(int row) {
    return (int) Math.min(tileSize, height - (long) row * tileSize);
  }
}
