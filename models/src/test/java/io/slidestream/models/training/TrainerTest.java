package io.slidestream.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.eval.SegmentationEvaluator;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.ThreeClassTissue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real training of a small U-Net on synthetic tissue: it must learn, log, checkpoint and resume. */
@ExtendWith(SingleThreadedNd4j.class)
class TrainerTest {

  static final List<LabelClass> CLASSES = ThreeClassTissue.CLASSES;

  @TempDir Path dir;

  /** A 512 × 512 view of a synthetic slide at 2 µm/px with dense labels mapped to the three classes. */
  static TrainingSample sample(long seed) {
    return ThreeClassTissue.sample(seed, 2048, 512);
  }

  static TrainingConfig config(Path out, int iterations) {
    return new TrainingConfig("tiny", 7, out, Path.of("unused"), Path.of("unused"), Path.of("unused"), 0.5, 0,
        3, 8, 64, 2.0, "partial-ce", "minibatch", "flip, rot90", 8, iterations, 3e-3, 40, 3, 20);
  }

  @Test
  void aSmallUNetLearnsSyntheticTissueWellAboveTheMajorityBaseline() throws Exception {
    InMemoryPatchSource train = InMemoryPatchSource.of(List.of(sample(11), sample(12)));
    InMemoryPatchSource validation = InMemoryPatchSource.of(List.of(sample(13)));
    Trainer trainer = new Trainer(config(dir, 160), train, validation, CLASSES);

    TrainingResult result = trainer.run(false, TrainingProgress.silent());

    double baseline = majorityBaseline(validation.whole(0).reference().orElseThrow());
    System.out.printf("TrainerTest: validation Dice %.3f after 160 iterations; majority-class baseline %.3f%n",
        result.bestDice(), baseline);
    assertThat(result.bestDice())
        .as("validation Dice after 160 iterations %.3f vs the majority-class baseline %.3f", result.bestDice(), baseline)
        .isGreaterThan(baseline + 0.2).isGreaterThan(0.8);
    List<String> log = Files.readAllLines(trainer.logFile());
    assertThat(log.get(0)).isEqualTo(TrainingLog.HEADER);
    assertThat(log).hasSize(161);
    assertThat(log.get(40)).matches("40,[0-9.]+,[0-9.e-]+,0\\.[0-9]{4},[0-9.]+,[0-9]+,[0-9]+,[0-9]+,0,");
    String[] row = log.get(40).split(",", -1);
    assertThat(Long.parseLong(row[5])).as("heap bytes").isPositive();
    assertThat(Long.parseLong(row[6])).as("off-heap bytes").isPositive();
    assertThat(Long.parseLong(row[7])).as("physical bytes").isGreaterThan(Long.parseLong(row[5]));
    assertThat(trainer.bestFile()).exists();
  }

  @Test
  void aResumedRunContinuesExactlyWhereTheCheckpointWas() throws Exception {
    InMemoryPatchSource train = InMemoryPatchSource.of(List.of(sample(21)));
    InMemoryPatchSource validation = InMemoryPatchSource.of(List.of(sample(22)));

    Trainer straight = new Trainer(config(dir.resolve("straight"), 40), train, validation, CLASSES);
    straight.run(false, TrainingProgress.silent());

    Trainer first = new Trainer(config(dir.resolve("resumed"), 20), train, validation, CLASSES);
    first.run(false, TrainingProgress.silent());
    assertThat(TrainerState.read(first.stateFile()).iteration()).isEqualTo(20);
    Trainer second = new Trainer(config(dir.resolve("resumed"), 40), train, validation, CLASSES);
    second.run(true, TrainingProgress.silent());

    ComputationGraph a = ModelSerializer.restoreComputationGraph(straight.checkpointFile().toFile(), false);
    ComputationGraph b = ModelSerializer.restoreComputationGraph(second.checkpointFile().toFile(), false);
    assertThat(b.params().sub(a.params()).norm2Number().doubleValue() / a.params().norm2Number().doubleValue())
        .as("relative parameter difference, resumed vs straight").isLessThan(1e-4);
    assertThat(Files.readAllLines(second.logFile())).as("one log across the resume").hasSize(41);
  }

  /** Overall Dice of predicting the most frequent class everywhere. */
  static double majorityBaseline(LabelRaster reference) {
    long[] h = reference.histogram();
    int majority = 0;
    for (int k = 1; k < 3; k++) {
      if (h[k] > h[majority]) {
        majority = k;
      }
    }
    LabelRaster constant = LabelRaster.create(reference.width(), reference.height());
    constant.fill(majority);
    SegmentationEvaluator e = SegmentationEvaluator.builder(List.of("other", "stroma", "tumour")).build();
    e.add(constant, reference);
    return e.report("majority").dice().overall();
  }
}
