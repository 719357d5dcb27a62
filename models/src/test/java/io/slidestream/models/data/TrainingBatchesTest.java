package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.augment.AugmentationPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingBatchesTest {

  private final InMemoryPatchSource source = InMemoryPatchSource.of(List.of(
      InMemoryPatchSourceTest.random("a", 80, 60, 3, 1), InMemoryPatchSourceTest.random("b", 50, 70, 3, 2)));

  private TrainingBatches batches(boolean parallel) {
    return TrainingBatches.builder(source, new UniformPatchSampler(source, 32, 32, 5))
        .augmentation(AugmentationPipeline.parse("flip, rot90, rotate(degrees=30), gamma(0.8..1.25)"))
        .batchSize(4).seed(11).parallel(parallel).build();
  }

  @Test
  void batchIIsTheSameEveryTimeAndOnAnyNumberOfThreads() {
    TrainingBatches seq = batches(false);
    TrainingBatches par = batches(true);
    for (long i : new long[] {3, 0, 7, 3}) {
      Batch a = seq.batch(i);
      Batch b = par.batch(i);
      assertThat(b.features()).isEqualTo(a.features());
      assertThat(b.labels()).isEqualTo(a.labels());
      assertThat(b.ids()).isEqualTo(a.ids());
    }
    assertThat(seq.batch(1).features()).isNotEqualTo(seq.batch(2).features());
  }

  @Test
  void sampleKOfBatchIIsSampleIbPlusKOfTheRun() {
    TrainingBatches t = batches(false);
    Batch b = t.batch(2);
    for (int k = 0; k < 4; k++) {
      assertThat(b.labels().get(k)).isEqualTo(t.sample(2 * 4 + k).labels());
    }
    assertThat(b.features().shape()).containsExactly(4, 3, 32, 32);
  }
}
