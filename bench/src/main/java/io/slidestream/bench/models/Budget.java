package io.slidestream.bench.models;

/**
 * What every run of one comparison gets, identically: the network, the patches and the number of
 * Adam steps.
 *
 * @param iterations   mini-batches
 * @param batchSize    patches per mini-batch
 * @param patchSize    patch side in pixels, a multiple of 2^(levels-1)
 * @param filters      first-level filters of the U-Net
 * @param levels       U-Net levels
 * @param learningRate Adam's learning rate
 */
public record Budget(int iterations, int batchSize, int patchSize, int filters, int levels, double learningRate) {

  public Budget {
    if (iterations < 1 || batchSize < 1 || patchSize < 1 || filters < 1 || levels < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("invalid budget " + this);
    }
  }

  @Override
  public String toString() {
    return iterations + " iterations of batch " + batchSize + " at " + patchSize + " px, U-Net " + filters + "/"
        + levels + " (filters/levels), Adam lr " + learningRate;
  }
}
