package io.slidestream.models.io;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network together with the metadata that says how to use it: what {@link ModelFile} stores and
 * loads. The network must be the U-Net the metadata describes (checked on construction).
 */
public record TrainedModel(ComputationGraph network, ModelMetadata metadata) {

  public TrainedModel {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(metadata, "metadata");
    List<String> problems = NetworkCheck.problems(network, metadata.network());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the network does not match its metadata: " + String.join("; ", problems));
    }
  }
}
