package io.slidestream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's training: sparse labels from the simulated annotations, a time budget kept in two runs. */
class SparseSlideTrainingTest {

  @TempDir Path dir;

  @BeforeAll
  static void runtime() {
    Dl4jRuntime.initialise();
  }

  @Test
  void sparseLabelsAdmitTheAnnotatedClassOnlyAndEveryClassElsewhere() {
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(2048, 2048, 5));
    TrainingSample s = SparseSlideTraining.sparseSample(slide, 4);
    assertThat(s.width()).isEqualTo(512);
    long all = s.labels().universe();
    long annotated = 0;
    long agree = 0;
    TrainingSample dense = SparseSlideTraining.denseSample(slide, 4);
    byte[] truth = dense.reference().orElseThrow().data();
    long[] sets = s.labels().data();
    for (int i = 0; i < sets.length; i++) {
      if (sets[i] != all) {
        annotated++;
        assertThat(Long.bitCount(sets[i])).isEqualTo(1);
        if (sets[i] == 1L << truth[i]) {
          agree++;
        }
      }
    }
    double share = (double) annotated / sets.length;
    System.out.printf("SparseSlideTrainingTest: %.1f%% of pixels annotated, %.1f%% of those agree with the truth%n",
        100 * share, 100.0 * agree / annotated);
    assertThat(share).as("sparse: a small share of pixels annotated").isBetween(0.005, 0.3);
    assertThat((double) agree / annotated).as("annotations lie inside regions of their class").isGreaterThan(0.97);
  }

  @Test
  void trainingStopsAtTheBudgetAndLeavesAModelOfTheSyntheticClasses() throws Exception {
    SyntheticSlide train = SyntheticSlide.of(SyntheticSlideSpec.of(1024, 1024, 5));
    SyntheticSlide validation = SyntheticSlide.of(SyntheticSlideSpec.of(512, 512, 6).withTissueFraction(0.9));
    List<Long> chunks = new ArrayList<>();
    // A budget of a millisecond: the first chunk always runs, no second one.
    TrainingResult result = new SparseSlideTraining("demo-test", dir, 4, Duration.ofMillis(1), 1000, 3, 3)
        .run(train, validation, (iterations, dice, spent) -> chunks.add(iterations));
    assertThat(chunks).containsExactly(3L);
    assertThat(result.model()).isEqualTo(dir.resolve("demo-test.model.zip"));
    ModelMetadata meta = ModelFile.readMetadata(result.model());
    assertThat(meta.classes()).isEqualTo(SyntheticClasses.CLASSES);
    assertThat(meta.micronsPerPixel()).isEqualTo(2.0);
    assertThat(Files.readAllLines(dir.resolve("demo-test.log.csv"))).hasSize(4);
  }

  @Test
  void theSecondRunResumesToTheIterationLimitWhenTheBudgetAllows() throws Exception {
    SyntheticSlide train = SyntheticSlide.of(SyntheticSlideSpec.of(1024, 1024, 5));
    SyntheticSlide validation = SyntheticSlide.of(SyntheticSlideSpec.of(512, 512, 6).withTissueFraction(0.9));
    List<Long> chunks = new ArrayList<>();
    new SparseSlideTraining("demo-chunks", dir, 4, Duration.ofHours(1), 5, 2, 3)
        .run(train, validation, (iterations, dice, spent) -> chunks.add(iterations));
    assertThat(chunks).containsExactly(2L, 5L);
    assertThat(Files.readAllLines(dir.resolve("demo-chunks.log.csv"))).as("one log across the chunks").hasSize(6);
  }
}
