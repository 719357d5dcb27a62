package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.augment.AugmentationPipeline;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageMaskDatasetTest {

  private static ImageMaskDataset glas;

  @BeforeAll
  static void load() throws IOException {
    glas = ImageMaskDataset.load(Glas.images(), Glas.masks(), Glas.protocol(), 0.2, 42,
        new SparseAnnotationSimulator(SparseAnnotationSimulator.Options.defaults(), 42));
  }

  @Test
  void splitsGlasByTheSeedIntoSparseTrainingAndDenseValidation() {
    assertThat(glas.split().train()).hasSize(68);
    assertThat(glas.split().validation()).hasSize(17);
    assertThat(glas.trainSource().regionCount()).isEqualTo(68);
    assertThat(glas.validationSource().regionCount()).isEqualTo(17);
    // Training labels are sparse, validation labels dense; both keep the dense reference.
    TrainingSample t = glas.train().get(0);
    assertThat((double) t.labels().unconstrainedCount() / t.labels().data().length).isGreaterThan(0.6);
    TrainingSample v = glas.validation().get(0);
    assertThat(v.labels().unconstrainedCount()).isZero();
    assertThat(t.reference()).isPresent();
    assertThat(v.reference().orElseThrow()).isEqualTo(TrainingSample.referenceOf(v.labels()));
    // The ids are the split's, in order.
    assertThat(glas.validation().stream().map(TrainingSample::id).toList())
        .isEqualTo(glas.split().validation().stream().map(ImageMaskPair::id).toList());
  }

  @Test
  void theSameSeedGivesTheSameSplit() throws IOException {
    assertThat(DatasetSplit.of(ImageMaskDirectory.scan(Glas.images(), Glas.masks()), 0.2, 42))
        .isEqualTo(glas.split());
  }

  @Test
  void patchesOfTheTrainingSourceCarryTheSparseLabels() {
    InMemoryPatchSource src = glas.trainSource();
    UniformPatchSampler sampler = new UniformPatchSampler(src, 128, 128, 3);
    for (long i = 0; i < 20; i++) {
      PatchRequest r = sampler.sample(i);
      TrainingSample p = src.read(r);
      assertThat(p.width()).isEqualTo(128);
      // The centre is annotated (uniform over annotated pixels) unless the patch was shifted inside the image.
      TrainingSample whole = glas.train().get(r.region());
      assertThat(p.labels()).isEqualTo(whole.labels().crop(r.x(), r.y(), 128, 128));
      assertThat(p.labels().unconstrainedCount()).isLessThan(128 * 128);
    }
  }

  @Test
  void speedOfBatchesOfAugmentedGlasPatches() {
    InMemoryPatchSource src = glas.trainSource();
    AugmentationPipeline augment = AugmentationPipeline.parse("flip, rot90, rotate(degrees=180),"
        + " elastic(alpha=30, sigma=6, p=0.5), blur(sigma=0..1.5, p=0.3), gamma(0.8..1.25), brightness(-0.1..0.1),"
        + " hsv(h=0.04, s=0.1, v=0.1), contrast(0.8..1.2)");
    double[] ms = new double[2];
    for (int parallel = 0; parallel < 2; parallel++) {
      TrainingBatches batches = TrainingBatches.builder(src, new UniformPatchSampler(src, 256, 256, 1))
          .augmentation(augment).batchSize(8).seed(1).parallel(parallel == 1).build();
      for (int i = 0; i < 5; i++) {
        batches.batch(i);
      }
      long t0 = System.nanoTime();
      int n = 20;
      for (int i = 0; i < n; i++) {
        assertThat(batches.batch(100 + i).features().shape()).containsExactly(8, 3, 256, 256);
      }
      ms[parallel] = (System.nanoTime() - t0) / 1e6 / n;
    }
    System.out.printf(Locale.ROOT, "GlaS batches of 8 x 256x256 (sample, read, full augmentation, assemble):"
        + " %.1f ms per batch on one thread, %.1f ms on the common pool (%d cores)%n", ms[0], ms[1],
        Runtime.getRuntime().availableProcessors());
    assertThat(ms[0]).isLessThan(1000);
  }
}
