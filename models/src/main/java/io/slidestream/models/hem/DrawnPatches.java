package io.slidestream.models.hem;

import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.PatchSampler;
import java.util.List;

/**
 * One cycle's draw from the pool as a stretch of the run's sample sequence: sample
 * {@code first + i} is drawn patch i. Read through {@link io.slidestream.models.data.TrainingBatches},
 * each sample is then augmented with the seed of its place in the whole run, as in uniform training.
 */
record DrawnPatches(List<PatchRequest> drawn, long first) implements PatchSampler {

  DrawnPatches {
    drawn = List.copyOf(drawn);
  }

  @Override
  public PatchRequest sample(long index) {
    long i = index - first;
    if (i < 0 || i >= drawn.size()) {
      throw new IndexOutOfBoundsException("sample " + index + " is outside this cycle's draw of samples " + first
          + ".." + (first + drawn.size() - 1));
    }
    return drawn.get((int) i);
  }
}
