package io.slidestream.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMILEr as a training option, trained for real: on synthetic tissue where each training image
 * lacks one class's annotation (its pixels and the background's admit {background, missing}), the
 * rounds relabel pixels of the missing class, and a run killed inside a round resumes to the very
 * same weights. A third, fully annotated image gives the background head its positives.
 */
@ExtendWith(SingleThreadedNd4j.class)
class TrainerSmilerTest {

  private static final long OTHER = 0b001;
  private static final long STROMA = 0b010;
  private static final long TUMOUR = 0b100;

  @TempDir Path dir;

  /** The dense sample with {@code missing} unannotated: its pixels and background's become {other, missing}. */
  static TrainingSample missing(TrainingSample dense, long missing) {
    long[] sets = dense.labels().data().clone();
    for (int i = 0; i < sets.length; i++) {
      if (sets[i] == OTHER || sets[i] == missing) {
        sets[i] = OTHER | missing;
      }
    }
    return dense.withLabels(LabelSetRaster.wrap(dense.width(), dense.height(), 3, sets));
  }

  /** A 256 × 256 corner of a synthetic sample: each round predicts every training pixel, so keep them few. */
  static TrainingSample quarter(long seed) {
    return TrainerTest.sample(seed).crop(0, 0, 256, 256);
  }

  static InMemoryPatchSource partiallyAnnotated() {
    return InMemoryPatchSource.of(List.of(quarter(30), missing(quarter(31), TUMOUR), missing(quarter(32), STROMA)));
  }

  static TrainingConfig config(Path out) {
    return new TrainingConfig("smiler", 7, out, Path.of("unused"), Path.of("unused"), Path.of("unused"), 0.5, 0,
        3, 8, 64, 2.0, "binary-ambiguity", "minibatch", "flip, rot90", 8, 90, 3e-3, 90, 3, 10)
        .withSmiler(SmilerConfig.rounds(2));
  }

  /** Records the relabelling rounds; optionally stops the run (as a kill would) when an iteration ends. */
  static final class Recorder implements TrainingProgress {
    final List<long[]> rounds = new ArrayList<>();
    final List<Long> at = new ArrayList<>();
    final long killAfter;

    Recorder(long killAfter) {
      this.killAfter = killAfter;
    }

    @Override
    public void iteration(long iteration, long total, double loss, double learningRate) {
      if (iteration == killAfter) {
        throw new IllegalStateException("killed after iteration " + iteration);
      }
    }

    @Override
    public void validated(long iteration, double dice, boolean best) {}

    @Override
    public void relabelled(long iteration, int round, double gamma, long[] added) {
      at.add(iteration);
      rounds.add(added);
    }
  }

  @Test
  void roundsRelabelPixelsOfTheMissingClassesAndAKilledRunResumesToTheSameWeights() throws Exception {
    InMemoryPatchSource train = partiallyAnnotated();
    InMemoryPatchSource validation = InMemoryPatchSource.of(List.of(quarter(33)));

    Trainer straight = new Trainer(config(dir.resolve("straight")), train, validation, TrainerTest.CLASSES, 0);
    Recorder recorder = new Recorder(-1);
    straight.run(false, recorder);

    assertThat(recorder.at).as("rounds begin at the phase boundaries of 90 iterations in 3 phases")
        .containsExactly(30L, 60L);
    long[] second = recorder.rounds.get(1);
    System.out.printf("TrainerSmilerTest: relabelled per class (other, stroma, tumour): round 1 %s, round 2 %s%n",
        Arrays.toString(recorder.rounds.get(0)), Arrays.toString(second));
    assertThat(second[0]).as("the background is never relabelled").isZero();
    assertThat(second[1] + second[2]).as("pixels relabelled in round 2").isPositive();
    assertThat(straight.smilerFile(1)).exists();
    assertThat(straight.smilerFile(2)).exists();
    List<String> log = Files.readAllLines(straight.logFile());
    assertThat(log.get(30)).as("iteration 30, still the original labels").endsWith(",0,");
    assertThat(log.get(31)).as("iteration 31, the first after round 1")
        .endsWith(",1," + (recorder.rounds.get(0)[1] + recorder.rounds.get(0)[2]));
    assertThat(log.get(61)).endsWith(",2," + (second[1] + second[2]));
    assertThat(log.get(90)).endsWith(",2,");

    // Killed inside round 2 (after its checkpoint at 70): the resumed run remakes round 2's labels
    // from the weights saved when it began, and ends with the straight run's weights.
    Trainer killed = new Trainer(config(dir.resolve("resumed")), train, validation, TrainerTest.CLASSES, 0);
    assertThatThrownBy(() -> killed.run(false, new Recorder(71))).hasMessageContaining("killed");
    assertThat(TrainerState.read(killed.stateFile()))
        .extracting(TrainerState::iteration, TrainerState::smilerRound).containsExactly(70L, 2);
    Recorder resumed = new Recorder(-1);
    new Trainer(config(dir.resolve("resumed")), train, validation, TrainerTest.CLASSES, 0).run(true, resumed);
    assertThat(resumed.at).as("no round begins after the resume point").isEmpty();

    ComputationGraph a = ModelSerializer.restoreComputationGraph(straight.checkpointFile().toFile(), false);
    ComputationGraph b = ModelSerializer.restoreComputationGraph(killed.checkpointFile().toFile(), false);
    assertThat(b.params().sub(a.params()).norm2Number().doubleValue() / a.params().norm2Number().doubleValue())
        .as("relative parameter difference, resumed vs straight").isLessThan(1e-5);
  }

  @Test
  void smilerNeedsSigmoidHeads() {
    TrainingConfig softmax = new TrainingConfig("x", 1, dir, Path.of("i"), Path.of("m"), Path.of("p"), 0.5, 0, 3, 8,
        64, 1, "partial-ce", "none", "", 8, 60, 1e-3, 10, 3, 10);
    assertThatThrownBy(() -> softmax.withSmiler(SmilerConfig.rounds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binary-ambiguity").hasMessageContaining("partial-ce");
  }
}
