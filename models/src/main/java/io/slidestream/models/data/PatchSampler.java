package io.slidestream.models.data;

/**
 * Chooses the patches a trainer reads. Uniform sampling is {@link UniformPatchSampler}; hard
 * example mining plugs in as another implementation whose choice also depends on its current
 * error maps.
 */
public interface PatchSampler {

  /**
   * The {@code index}-th patch of this sampler's sequence. For a given seed (and, for adaptive
   * samplers, state) the same index gives the same patch, whichever thread asks and in whatever
   * order, so a run can be reproduced and resumed at any iteration.
   */
  PatchRequest sample(long index);
}
