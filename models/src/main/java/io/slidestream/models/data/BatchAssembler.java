package io.slidestream.models.data;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacks samples of one size into a {@link Batch}: the images normalised into one
 * {@code [B, 3, H, W]} float array (filled as a Java array, then copied to ND4J once; samples with
 * extra channels add them after RGB, {@code [B, 3 + extra, H, W]}), the label
 * sets passed on as they are for the loss encoder. Thread-safe.
 */
public final class BatchAssembler {

  private final InputNormaliser normaliser;

  public BatchAssembler(InputNormaliser normaliser) {
    this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
  }

  /** RGB / 255. */
  public static BatchAssembler unitRange() {
    return new BatchAssembler(InputNormaliser.unitRange());
  }

  public Batch assemble(List<TrainingSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one sample");
    }
    TrainingSample first = samples.get(0);
    int w = first.width();
    int h = first.height();
    int classes = first.classCount();
    int extra = first.extraChannels();
    int channels = 3 + extra;
    int per = channels * w * h;
    float[] data = new float[samples.size() * per];
    List<LabelSetRaster> labels = new ArrayList<>();
    List<Optional<LabelRaster>> refs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int b = 0; b < samples.size(); b++) {
      TrainingSample s = samples.get(b);
      if (s.extraChannels() != extra) {
        throw new IllegalArgumentException("sample " + b + " (" + s.id() + ") has " + s.extraChannels()
            + " extra input channels; sample 0 (" + first.id() + ") has " + extra);
      }
      if (s.width() != w || s.height() != h || s.classCount() != classes) {
        throw new IllegalArgumentException("sample " + b + " (" + s.id() + ") is " + s.width() + "x" + s.height()
            + " with " + s.classCount() + " classes; sample 0 (" + first.id() + ") is " + w + "x" + h + " with "
            + classes);
      }
      normaliser.normalise(s.image(), data, b * per);
      if (extra > 0) {
        float[] planes = s.extra().orElseThrow().data();
        System.arraycopy(planes, 0, data, b * per + 3 * w * h, planes.length);
      }
      labels.add(s.labels());
      refs.add(s.reference());
      ids.add(s.id());
    }
    return new Batch(Nd4j.create(data, new long[] {samples.size(), channels, h, w}, 'c'),
        labels, refs, ids);
  }
}
