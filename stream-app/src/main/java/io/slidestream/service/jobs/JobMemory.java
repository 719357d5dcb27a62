package io.slidestream.service.jobs;

import io.slidestream.models.unet.UNetConfig;

/**
 * An estimate, made at validation, of the memory one job holds at its peak, from what decides it:
 * the patch side, the pipeline's batch size and the tiles it keeps in flight, and the network's
 * shape from the model's metadata. In bytes:
 * <pre>
 *   tilesInFlight × (readPatch² × 3 + patch² × 1)                  RGB patches read, label tiles
 * + batchSize × readPatch² × 4 × activations(first network)         forward pass, float activations
 * + batchSize × patch² × 4 × activations(second network)            compound models only
 * </pre>
 * where {@code readPatch = (tile + 2 × overlap) × inputScale} and {@code activations(n)} counts the
 * floats per input pixel that the network's forward pass holds ({@link #activationFloatsPerPixel}).
 * The model's weights are not counted: they are loaded once and shared by every job of the model.
 *
 * <p>Checked against a measured run: an untrained U-Net of 5 levels, 32 filters and 3 classes (the
 * paper's shape) labelling one batch of 8 random 384 px patches through {@code SlideModel.predict}
 * on CPU. The formula gives 533 floats per input pixel, 2399 MiB for the batch; the process's peak
 * resident memory (VmHWM) rose by 2374 to 2386 MiB over the first call (two runs) and by about
 * 90 MiB more over a second call.
 *
 * @param batchSize     patches per network call ({@code slidestream.pipeline.batch-size})
 * @param tilesInFlight the pipeline's bound on tiles of one slide held at once
 *                      ({@code PipelineSettings.maxTilesInFlight()})
 */
public record JobMemory(int batchSize, int tilesInFlight) {

  private static final int FLOAT = 4;
  private static final int RGB = 3;
  private static final int LABEL = 1;

  public JobMemory {
    if (batchSize < 1 || tilesInFlight < 1) {
      throw new IllegalArgumentException("batch size and tiles in flight must be positive, got " + batchSize
          + " and " + tilesInFlight);
    }
  }

  /** Bytes a job of this model and patch side (label pixels, halo included) holds at its peak. */
  public double estimate(ModelHandle model, int patch) {
    double read = (double) patch * model.inputScale();
    double pixels = tilesInFlight * (read * read * RGB + (double) patch * patch * LABEL);
    double forward = batchSize * read * read * FLOAT * activationFloatsPerPixel(model.inputMetadata().network());
    if (model.inputScale() != 1 || model.inputMetadata() != model.metadata()) {
      forward += batchSize * (double) patch * patch * FLOAT * activationFloatsPerPixel(model.metadata().network());
    }
    return pixels + forward;
  }

  /**
   * Floats per input pixel that this U-Net's forward pass holds at its peak (see
   * {@code UNet.configuration}). The peak comes at the finest decoder level, once the inference
   * workspace has released the coarser levels: the input, the finest skip (the first block's
   * concatenation), the up-sampled coarser output, the up-convolution, its concatenation with the
   * skip, the block's two convolutions (three arrays each with batch normalisation: convolution,
   * normalised, ReLU) and its concatenation, then the logits and the probabilities. Channels grow
   * with every block, since a block's output concatenates its input with its second convolution.
   * CPU convolutions run on oneDNN without im2col buffers, so none is counted.
   */
  public static double activationFloatsPerPixel(UNetConfig net) {
    int conv = net.batchNorm() ? 3 : 1;
    int deepest = net.levels() - 1;
    long in = net.inputChannels();
    long[] skips = new long[Math.max(deepest, 1)];
    long channels = in;
    for (int level = 0; level < deepest; level++) {
      channels += net.filtersAt(level);
      skips[level] = channels;
    }
    channels += net.filtersAt(deepest);                    // the bottleneck block's output
    for (int level = deepest - 1; level >= 1; level--) {
      channels = 2L * net.filtersAt(level) + skips[level];  // up-convolution + skip, then the block
    }
    long f = net.filtersAt(0);
    long classes = 2L * net.classes();
    if (deepest == 0) {
      return in + 2 * conv * f + channels + classes;
    }
    long merged = f + skips[0];
    return in + skips[0] + channels + conv * f + merged + 2 * conv * f + (merged + f) + classes;
  }
}
