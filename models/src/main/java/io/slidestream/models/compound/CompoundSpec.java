package io.slidestream.models.compound;

import io.slidestream.models.io.ModelMetadata;
import java.util.List;
import java.util.Objects;

/**
 * What a compound model file says about itself, read without loading either network
 * ({@link CompoundModelFile#inspect}): both networks' metadata, the resolution factor and the
 * second network's input names, all checked to agree. Enough to validate a job before any work:
 * the slide is read at {@link #first()}'s µm/px, labelled at {@link #second()}'s.
 *
 * @param first  the first network's metadata (it reads the slide)
 * @param second the second network's metadata (its labels are the output)
 * @param scale  first-network pixels per second-network pixel along each axis
 * @param inputs the second network's input channel names, as {@link CompoundModel#inputNames()}
 */
public record CompoundSpec(ModelMetadata first, ModelMetadata second, int scale, List<String> inputs) {

  public CompoundSpec {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    inputs = List.copyOf(inputs);
  }
}
