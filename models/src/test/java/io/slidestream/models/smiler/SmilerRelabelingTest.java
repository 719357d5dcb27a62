package io.slidestream.models.smiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.balancing.Balancing;
import io.slidestream.models.fixtures.ColourPatch;
import io.slidestream.models.fixtures.SetRasters;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.losses.BinaryAmbiguityLoss;
import io.slidestream.models.losses.TrainingTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

@ExtendWith(SingleThreadedNd4j.class)
class SmilerRelabelingTest {

  private static final long NOT_BACKGROUND = 0b110;

  /** Background 0, organs 1 and 2. Row 0: four pixels where organ 1 was not annotated. */
  private final LabelSetRaster original = SetRasters.parse(3,
      "01 01 01 01",
      "01 0 1 *");

  /** Probabilities per class plane (background, organ 1, organ 2), pixel order as above. */
  private final ClassProbabilities predicted = new ClassProbabilities(4, 2, 3, new float[] {
      0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f,
      0.9f, 0.6f, 0.8f, 0.4f, 0.95f, 0.99f, 0.7f, 0.97f,
      0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f});

  @Test
  void relabelsTheTopFractionOfPredictedPositivesAmongAmbiguousPixels() {
    // Candidates for organ 1: the {0,1} pixels 0, 1, 2, 4 (pixel 3 is not predicted positive, 5 is
    // certain background, 6 is already organ 1, 7 unannotated). Half of 4 → the two best: 4 and 0.
    long[] added = new long[3];
    LabelSetRaster out = SmilerRelabeling.relabel(original, predicted, NOT_BACKGROUND, 0.5, 0.5, false, added);
    assertSets(out, SetRasters.parse(3,
        "1 01 01 01",
        "1 0 1 *"));
    assertThat(added).containsExactly(0, 2, 0);
    // The input is not touched.
    assertSets(original, SetRasters.parse(3, "01 01 01 01", "01 0 1 *"));
  }

  @Test
  void backgroundGainsNothingUnlessAsked() {
    LabelSetRaster out = SmilerRelabeling.relabel(original, predicted, 0b111, 0.5, 0.5, false, null);
    // Background is predicted at 0.9 on all five {0,1} pixels: round(0.5·5) = 3 of them, the first
    // three on the tie. Organ 1 takes pixels 4 and 0, but pixel 0 ties at 0.9 and stays background.
    assertSets(out, SetRasters.parse(3,
        "0 0 0 01",
        "1 0 1 *"));
  }

  @Test
  void unannotatedPixelsAreCandidatesOnlyWhenTheScheduleSaysSo() {
    LabelSetRaster without = SmilerRelabeling.relabel(original, predicted, NOT_BACKGROUND, 1.0, 0.5, false, null);
    assertSets(without, SetRasters.parse(3, "1 1 1 01", "1 0 1 *"));
    LabelSetRaster with = SmilerRelabeling.relabel(original, predicted, NOT_BACKGROUND, 1.0, 0.5, true, null);
    assertSets(with, SetRasters.parse(3, "1 1 1 01", "1 0 1 1"));
  }

  @Test
  void aPixelPickedForTwoClassesGoesToTheMoreProbableOneAndTiesByPixelOrder() {
    // Four classes; {0,1,2} is ambiguous for organs 1 and 2.
    LabelSetRaster sets = SetRasters.parse(4, "012 012 012 012");
    ClassProbabilities p = new ClassProbabilities(4, 1, 4, new float[] {
        0, 0, 0, 0,
        0.7f, 0.8f, 0.8f, 0.8f,
        0.9f, 0.8f, 0.6f, 0.6f,
        0, 0, 0, 0});
    assertSets(SmilerRelabeling.relabel(sets, p, 0b1110, 1.0, 0.5, false, null), SetRasters.parse(4, "2 1 1 1"));
    // Organ 1 alone at γ = 0.5 of its three equal 0.8s and one 0.7: round(2) = 2, first in pixel order.
    assertSets(SmilerRelabeling.relabel(sets, p, 0b0010, 0.5, 0.5, false, null), SetRasters.parse(4, "012 1 1 012"));
  }

  @Test
  void roundsFollowTheScheduleFromTheOriginalLabels() {
    // Three candidates for organ 1 in each of two images: γ1 = 0.33 → round(0.99) = 1; γ2 = 0.66 → 2.
    List<LabelSetRaster> originals = List.of(SetRasters.parse(3, "01 01 01 0"), SetRasters.parse(3, "0 01 01 01"));
    float[] a = {0, 0, 0, 0, 0.6f, 0.9f, 0.7f, 0.1f, 0, 0, 0, 0};
    float[] b = {0, 0, 0, 0, 0.1f, 0.8f, 0.99f, 0.55f, 0, 0, 0, 0};
    List<ClassProbabilities> p = List.of(new ClassProbabilities(4, 1, 3, a), new ClassProbabilities(4, 1, 3, b));

    SmilerRound first = SmilerRelabeling.round(SmilerSchedule.DEFAULT, 1, originals, p, NOT_BACKGROUND);
    assertThat(first.round()).isEqualTo(1);
    assertThat(first.gamma()).isEqualTo(0.33);
    assertThat(first.labels()).containsExactly(SetRasters.parse(3, "01 1 01 0"), SetRasters.parse(3, "0 01 1 01"));
    assertThat(first.positivesAdded()).containsExactly(0, 2, 0);

    SmilerRound second = SmilerRelabeling.round(SmilerSchedule.DEFAULT, 2, originals, p, NOT_BACKGROUND);
    assertThat(second.labels()).containsExactly(SetRasters.parse(3, "01 1 1 0"), SetRasters.parse(3, "0 1 1 01"));
    assertThat(second.totalAdded()).isEqualTo(4);
  }

  @Test
  void refusesProbabilitiesThatDoNotMatchTheLabels() {
    ClassProbabilities small = new ClassProbabilities(2, 2, 3, new float[12]);
    assertThatThrownBy(() -> SmilerRelabeling.relabel(original, small, NOT_BACKGROUND, 0.5, 0.5, false, null))
        .hasMessageContaining("do not match");
    assertThatThrownBy(() -> SmilerRelabeling.round(SmilerSchedule.DEFAULT, 1, List.of(original), List.of(),
        NOT_BACKGROUND)).hasMessageContaining("1 label rasters but 0 probability maps");
  }

  /**
   * With a real SMILE model: after training on certain labels, where 70% of organ 1's annotations
   * are missing, round 1 turns some of the missing pixels into positives, and all of them are
   * organ 1 in truth.
   */
  @Test
  void aSmileModelsRelabelledPixelsAreTheMissingClass() {
    Random random = new Random(21);
    List<INDArray> inputs = new ArrayList<>();
    List<LabelSetRaster> sets = new ArrayList<>();
    List<long[]> truths = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ColourPatch patch = ColourPatch.random(random, 9, 3);
      inputs.add(patch.image());
      truths.add(patch.truth());
      long[] s = patch.truth().clone();
      for (int j = 0; j < s.length; j++) {
        if (i < 7 && s[j] == 0b010) {
          s[j] = 0b011;
        }
      }
      sets.add(LabelSetRaster.wrap(9, 9, 3, s));
    }
    INDArray input = Nd4j.concat(0, inputs.toArray(INDArray[]::new));
    BinaryAmbiguityLoss loss = new BinaryAmbiguityLoss();
    ComputationGraph net = TinyNets.graph(loss, 3, 6, 3, 9, DataType.FLOAT, new Adam(0.05), 8);
    TrainingTargets t = TrainingTargets.of(sets, loss, Balancing.NONE);
    for (int it = 0; it < 60; it++) {
      net.fit(new MultiDataSet(new INDArray[] {input}, new INDArray[] {t.labels()}, null, new INDArray[] {t.mask()}));
    }

    SmilerRound round = SmilerRelabeling.round(SmilerSchedule.DEFAULT, 1, sets,
        ClassProbabilities.ofBatch(net.outputSingle(input)), NOT_BACKGROUND);
    long missing = 0;
    long relabelled = 0;
    for (int i = 0; i < sets.size(); i++) {
      long[] before = sets.get(i).data();
      long[] after = round.labels().get(i).data();
      for (int j = 0; j < before.length; j++) {
        if (before[j] == 0b011) {
          missing += truths.get(i)[j] == 0b010 ? 1 : 0;
        }
        if (after[j] != before[j]) {
          relabelled++;
          assertThat(after[j]).as("relabelled pixel %d of image %d", j, i).isEqualTo(0b010);
          assertThat(truths.get(i)[j]).as("truth of relabelled pixel %d of image %d", j, i).isEqualTo(0b010);
        }
      }
    }
    assertThat(round.positivesAdded()[1]).isEqualTo(relabelled);
    // γ1 = 0.33 of the predicted positives, and the model predicts nearly every missing pixel.
    assertThat(relabelled).isBetween(Math.round(0.25 * missing), Math.round(0.34 * missing));
  }

  private static void assertSets(LabelSetRaster actual, LabelSetRaster expected) {
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.classCount()).isEqualTo(expected.classCount());
    assertThat(actual.data()).as("sets as bitmasks, row-major").containsExactly(expected.data());
  }
}
