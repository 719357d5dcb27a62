package io.slidestream.models.data;

/**
 * A patch to read from a {@link PatchSource}: region (image or slide) index, top-left corner and
 * size in pixels at the source's working resolution. The patch may reach outside the region; the
 * source says what fills those pixels (their label sets are always "all classes").
 */
public record PatchRequest(int region, int x, int y, int width, int height) {

  public PatchRequest {
    if (region < 0) {
      throw new IllegalArgumentException("region index must be non-negative, got " + region);
    }
    if (width < 1 || height < 1 || (long) width * height > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("invalid patch size " + width + "x" + height);
    }
  }
}
