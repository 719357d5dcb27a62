package io.slidestream.models.unet;

/**
 * A patch size the U-Net cannot take: every level halves the image, so both sides must be positive
 * multiples of {@code 2^(levels-1)} for the decoder to restore exactly the input size.
 */
public final class PatchSizeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int width;
  private final int height;
  private final int multiple;

  public PatchSizeException(int width, int height, int levels) {
    super("patch size " + width + "x" + height + " does not suit a " + levels + "-level U-Net: both sides must be"
        + " positive multiples of 2^(levels-1) = " + (1 << (levels - 1)) + suggestion(width, height, 1 << (levels - 1)));
    this.width = width;
    this.height = height;
    this.multiple = 1 << (levels - 1);
  }

  private static String suggestion(int width, int height, int multiple) {
    int w = Math.max(multiple, Math.round((float) width / multiple) * multiple);
    int h = Math.max(multiple, Math.round((float) height / multiple) * multiple);
    return " (nearest valid: " + w + "x" + h + ")";
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The number both sides must be multiples of. */
  public int multiple() {
    return multiple;
  }
}
