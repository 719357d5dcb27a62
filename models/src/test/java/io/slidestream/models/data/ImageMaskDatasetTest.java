package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
