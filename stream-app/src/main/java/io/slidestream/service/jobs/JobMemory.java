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
 * <p>Checked against a measured run: a U-Net of 5 levels and 32 filters (the paper's), batch 8,
 * 384 px patches. The formula gives 254 floats per input pixel, 1.19 GiB for the batch; the JVM's
 * native memory (JavaCPP's physical bytes) rose by 1.05 GiB over the first forward pass. The
 * estimate stays above what is measured, so a job it admits does not outgrow it.
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
   * Floats per input pixel that a forward pass of this U-Net keeps (see {@code UNet.configuration}):
   * the input, every convolution's output (three arrays with batch normalisation: convolution,
   * normalised, ReLU), every concatenation, pooling and up-sampling output, the logits and the
   * probabilities, each at its level's area (a quarter per level down), plus the largest im2col
   * buffer of a 3×3 convolution (9 × its input channels), which exists during one layer at a time.
   * Counting every array at once over-counts what the inference workspace reuses: a bound, not a guess.
   */
  public static double activationFloatsPerPixel(UNetConfig net) {
    int convArrays = net.batchNorm() ? 3 : 1;
    int deepest = net.levels() - 1;
    double held = net.inputChannels();
    double im2col = 0;
    long[] skips = new long[Math.max(deepest, 1)];
    long channels = net.inputChannels();
    double area = 1;
    for (int level = 0; level < deepest; level++) {
      long f = net.filtersAt(level);
      im2col = Math.max(im2col, 9.0 * Math.max(channels, f) * area);
      held += area * (2 * convArrays * f + channels + f);   // conv1, conv2, the block's concatenation
      channels += f;
      skips[level] = channels;
      area /= 4;
      held += area * channels;                             // max pooling
    }
    long f = net.filtersAt(deepest);
    im2col = Math.max(im2col, 9.0 * Math.max(channels, f) * area);
    held += area * (2 * convArrays * f + channels + f);
    channels += f;
    for (int level = deepest - 1; level >= 0; level--) {
      area *= 4;
      long fl = net.filtersAt(level);
      held += area * channels;                             // up-sampling
      im2col = Math.max(im2col, 9.0 * channels * area);
      held += area * convArrays * fl;                      // up-convolution
      long merged = fl + skips[level];
      held += area * merged;                               // concatenation with the skip
      im2col = Math.max(im2col, 9.0 * merged * area);
      held += area * (2 * convArrays * fl + merged + fl);  // the block
      channels = merged + fl;
    }
    held += 2.0 * net.classes();                           // logits and probabilities
    return held + im2col;
  }
}
