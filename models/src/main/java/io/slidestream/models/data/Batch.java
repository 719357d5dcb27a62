package io.slidestream.models.data;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch ready for the network: {@code features} is {@code [B, 3, H, W]} float32 ({@code 3 + extra} channels for samples with extra
 * input channels), and entry
 * b of each list belongs to sample b: the label sets the loss encoder reads, the dense reference
 * for evaluation (when the sample had one) and the sample id.
 */
public record Batch(INDArray features, List<LabelSetRaster> labels, List<Optional<LabelRaster>> references,
    List<String> ids) {

  public Batch {
    Objects.requireNonNull(features, "features");
    labels = List.copyOf(labels);
    references = List.copyOf(references);
    ids = List.copyOf(ids);
    if (labels.size() != features.size(0) || references.size() != labels.size() || ids.size() != labels.size()) {
      throw new IllegalArgumentException("a batch of " + features.size(0) + " with " + labels.size() + " label rasters, "
          + references.size() + " references and " + ids.size() + " ids");
    }
  }

  public int size() {
    return labels.size();
  }
}
