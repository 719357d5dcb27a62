package io.slidestream.models.data;

import io.slidestream.models.augment.AugmentationPipeline;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The batches of a training run: batch i holds samples {@code i·B .. i·B+B−1} of the sampler's
 * sequence, each read from the source and augmented with its own seed
 * ({@link AugmentationPipeline#sampleSeed}(run seed, sample index)). So batch i is the same
 * whether it is the first asked for or comes after a resume, and however many threads read it.
 * Thread-safe.
 */
public final class TrainingBatches {

  private final PatchSource source;
  private final PatchSampler sampler;
  private final AugmentationPipeline augmentation;
  private final BatchAssembler assembler;
  private final int batchSize;
  private final long seed;
  private final boolean parallel;

  private TrainingBatches(Builder b) {
    this.source = b.source;
    this.sampler = b.sampler;
    this.augmentation = b.augmentation;
    this.assembler = b.assembler;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.parallel = b.parallel;
  }

  public static Builder builder(PatchSource source, PatchSampler sampler) {
    return new Builder(source, sampler);
  }

  /** Configures the batches of a run. */
  public static final class Builder {
    private final PatchSource source;
    private final PatchSampler sampler;
    private AugmentationPipeline augmentation = AugmentationPipeline.identity();
    private BatchAssembler assembler = BatchAssembler.unitRange();
    private int batchSize = 8;
    private long seed;
    private boolean parallel;

    private Builder(PatchSource source, PatchSampler sampler) {
      this.source = Objects.requireNonNull(source, "source");
      this.sampler = Objects.requireNonNull(sampler, "sampler");
    }

    public Builder augmentation(AugmentationPipeline pipeline) {
      this.augmentation = Objects.requireNonNull(pipeline, "pipeline");
      return this;
    }

    public Builder assembler(BatchAssembler assembler) {
      this.assembler = Objects.requireNonNull(assembler, "assembler");
      return this;
    }

    public Builder batchSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("batch size must be positive, got " + size);
      }
      this.batchSize = size;
      return this;
    }

    /** The run seed augmentation seeds derive from (the sampler has its own). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Read and augment the samples of a batch on the common fork-join pool. */
    public Builder parallel(boolean parallel) {
      this.parallel = parallel;
      return this;
    }

    public TrainingBatches build() {
      return new TrainingBatches(this);
    }
  }

  public int batchSize() {
    return batchSize;
  }

  /** Sample {@code index} of the run: read and augmented. */
  public TrainingSample sample(long index) {
    TrainingSample s = source.read(sampler.sample(index));
    return augmentation.isIdentity() ? s : s.augmented(augmentation, AugmentationPipeline.sampleSeed(seed, index));
  }

  /** Batch {@code index} of the run. */
  public Batch batch(long index) {
    long first = index * batchSize;
    IntStream ks = IntStream.range(0, batchSize);
    List<TrainingSample> samples = (parallel ? ks.parallel() : ks).mapToObj(k -> sample(first + k)).toList();
    return assembler.assemble(samples);
  }

  @Override
  public String toString() {
    return "TrainingBatches[batch " + batchSize + ", seed " + seed + ", sampler " + sampler + ", augmentation \""
        + augmentation + "\"]";
  }
}
