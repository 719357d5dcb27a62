package io.slidestream.masks.geojson;

/**
 * How the GeoJSON mask writer vectorises.
 *
 * @param maxSide             the labels are kept shrunk by a whole factor so that the longer side
 *                            is at most this many cells (memory at most {@code maxSide²} bytes);
 *                            masks within it are kept exactly
 * @param simplifyTolerance   Douglas–Peucker distance tolerance for the topology-preserving
 *                            simplification, in cells of that kept grid (mask pixels when the
 *                            mask is not shrunk); 0 keeps the exact pixel-edge outlines
 */
public record GeoJsonMaskOptions(int maxSide, double simplifyTolerance) {

  public static final int DEFAULT_MAX_SIDE = 4096;
  /** One cell: removes the staircase of pixel edges while moving no boundary by more than a pixel. */
  public static final double DEFAULT_TOLERANCE = 1.0;

  public GeoJsonMaskOptions {
    if (maxSide < 16 || maxSide > 46_340) {
      throw new IllegalArgumentException("maxSide must be in 16..46340, got " + maxSide);
    }
    if (!(simplifyTolerance >= 0) || Double.isInfinite(simplifyTolerance)) {
      throw new IllegalArgumentException("simplifyTolerance must be >= 0 and finite, got " + simplifyTolerance);
    }
  }

  public static GeoJsonMaskOptions defaults() {
    return new GeoJsonMaskOptions(DEFAULT_MAX_SIDE, DEFAULT_TOLERANCE);
  }
}
