package io.slidestream.models.unet;

import java.util.Objects;

/**
 * The shape and optimiser settings of a U-Net (methods §4, Bokhorst et al. §3).
 *
 * @param levels        resolution levels including the bottleneck (Bokhorst: 5); each level below the
 *                      first halves the image
 * @param filters       convolution filters at the first level, doubled at every level (Bokhorst: 32)
 * @param patchSize     side of the square training patch in pixels (Bokhorst: 384); a positive multiple
 *                      of {@code 2^(levels-1)}. The network itself is fully convolutional and runs on
 *                      any valid size
 * @param inputChannels image channels (3 for RGB; more for a compound model that takes a first
 *                      model's output as extra channels)
 * @param classes       output channels C: classes of the softmax head, or binary classifiers of the
 *                      sigmoid head
 * @param head          softmax or sigmoid output
 * @param seed          weight initialisation seed
 * @param learningRate  Adam's initial learning rate (Bokhorst: 1e-5; the trainer may change it)
 * @param dropout       probability of dropping an input of the bottleneck convolutions, in [0, 1);
 *                      0 (the default) turns it off. Ronneberger's U-Net drops out at the end of the
 *                      contracting path, the one place it regularises without blurring the skips
 * @param batchNorm     batch normalisation after every 3×3 convolution (before the ReLU). Off by default,
 *                      as in Bokhorst; it lets training take larger learning rates, and it runs on
 *                      oneDNN on CPU, but it makes predictions depend on mini-batch statistics during
 *                      training, which matters with mini-batches as small as the paper's 8
 */
public record UNetConfig(
    int levels,
    int filters,
    int patchSize,
    int inputChannels,
    int classes,
    Head head,
    long seed,
    double learningRate,
    double dropout,
    boolean batchNorm) {

  /** More levels than this would shrink any practical patch below one pixel. */
  public static final int MAX_LEVELS = 8;

  public UNetConfig {
    Objects.requireNonNull(head, "head");
    if (levels < 1 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException("levels must be 1.." + MAX_LEVELS + ", got " + levels);
    }
    if (filters < 1 || (long) filters << (levels - 1) > 65536) {
      throw new IllegalArgumentException("filters must be at least 1 and at most 65536 at the deepest level, got "
          + filters + " at the first of " + levels + " levels");
    }
    if (inputChannels < 1) {
      throw new IllegalArgumentException("inputChannels must be at least 1, got " + inputChannels);
    }
    int minClasses = head == Head.SOFTMAX ? 2 : 1;
    if (classes < minClasses || classes > 255) {
      throw new IllegalArgumentException("a " + head.configName() + " head needs " + minClasses
          + "..255 classes, got " + classes);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    checkSize(patchSize, patchSize, levels);
  }

  /** The side every input size must be a multiple of: {@code 2^(levels-1)}. */
  public int sizeMultiple() {
    return 1 << (levels - 1);
  }

  /** Filters of the convolutions at {@code level} (0 is the full-resolution level). */
  public int filtersAt(int level) {
    return filters << level;
  }

  /** Throws {@link PatchSizeException} unless a {@code width × height} input suits this network. */
  public void checkInputSize(int width, int height) {
    checkSize(width, height, levels);
  }

  private static void checkSize(int width, int height, int levels) {
    int multiple = 1 << (levels - 1);
    if (width < 1 || height < 1 || width % multiple != 0 || height % multiple != 0) {
      throw new PatchSizeException(width, height, levels);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder().levels(levels).filters(filters).patchSize(patchSize).inputChannels(inputChannels)
        .classes(classes).head(head).seed(seed).learningRate(learningRate).dropout(dropout).batchNorm(batchNorm);
  }

  /** Defaults are the paper's network: 5 levels, 32 filters, 384 px, RGB, softmax, Adam 1e-5. */
  public static final class Builder {
    private int levels = 5;
    private int filters = 32;
    private int patchSize = 384;
    private int inputChannels = 3;
    private int classes = 2;
    private Head head = Head.SOFTMAX;
    private long seed = 12345;
    private double learningRate = 1e-5;
    private double dropout;
    private boolean batchNorm;

    private Builder() {}

    public Builder levels(int v) {
      levels = v;
      return this;
    }

    public Builder filters(int v) {
      filters = v;
      return this;
    }

    public Builder patchSize(int v) {
      patchSize = v;
      return this;
    }

    public Builder inputChannels(int v) {
      inputChannels = v;
      return this;
    }

    public Builder classes(int v) {
      classes = v;
      return this;
    }

    public Builder head(Head v) {
      head = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder dropout(double v) {
      dropout = v;
      return this;
    }

    public Builder batchNorm(boolean v) {
      batchNorm = v;
      return this;
    }

    public UNetConfig build() {
      return new UNetConfig(levels, filters, patchSize, inputChannels, classes, head, seed, learningRate, dropout,
          batchNorm);
    }
  }
}
