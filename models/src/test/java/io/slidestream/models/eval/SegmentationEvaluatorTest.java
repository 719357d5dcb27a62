package io.slidestream.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.images.LabelRaster;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SegmentationEvaluatorTest {

  @Test
  void probabilitiesGiveArgmaxDiceAndBinaryScores() {
    // Two 1x2 tiles, 2 classes. Probabilities of class 1: tile 0 (0.8, 0.3), tile 1 (0.6, 0.5 tie).
    float[] p = {
        0.2f, 0.7f, 0.8f, 0.3f, // tile 0: class 0 plane, class 1 plane
        0.4f, 0.5f, 0.6f, 0.5f, // tile 1
    };
    List<LabelRaster> refs = List.of(LabelRaster.wrap(2, 1, new byte[] {1, 0}), LabelRaster.wrap(2, 1, new byte[] {0, 1}));
    SegmentationEvaluator e = SegmentationEvaluator.builder(List.of("bg", "fg")).binaryClasses(1).build();
    e.addProbabilities(Nd4j.create(p, new long[] {2, 2, 1, 2}, 'c'), refs);
    // Arg-max: tile 0 -> (1, 0), tile 1 -> (1, 0 on the tie). Reference (1, 0), (0, 1).
    ConfusionMatrix m = e.confusionMatrix();
    assertThat(m.count(1, 1)).isEqualTo(1);
    assertThat(m.count(0, 0)).isEqualTo(1);
    assertThat(m.count(0, 1)).isEqualTo(1);
    assertThat(m.count(1, 0)).isEqualTo(1);
    EvaluationReport r = e.report("t");
    assertThat(r.dice().overall()).isEqualTo(0.5);
    // Scores of fg: 0.8 P, 0.6 N, 0.5 P, 0.3 N: AP = ½·1 + ½·2/3; max F1 = 0.8 at 0.5 (TP 2, FP 1)
    BinaryScores b = r.binary().get(0);
    assertThat(b.prAuc()).isCloseTo(0.5 + 1.0 / 3, within(1e-12));
    assertThat(b.maxF1()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void sigmoidProbabilitiesLabelUnclaimedPixelsBackground() {
    // One 1x4 tile, 3 sigmoid heads (background 0, a 1, b 2). Pixel 0: a 0.9; pixel 1: every head
    // below 0.5, b highest; pixel 2: b 0.7 over a 0.6; pixel 3: background head 0.8 wins.
    float[] p = {
        0.1f, 0.2f, 0.1f, 0.8f, // background head
        0.9f, 0.3f, 0.6f, 0.1f, // head a
        0.2f, 0.4f, 0.7f, 0.6f, // head b
    };
    LabelRaster ref = LabelRaster.wrap(4, 1, new byte[] {1, 0, 2, 0});
    SegmentationEvaluator sigmoid = SegmentationEvaluator.builder(List.of("bg", "a", "b")).build();
    sigmoid.addSigmoidProbabilities(Nd4j.create(p, new long[] {1, 3, 1, 4}, 'c'), List.of(ref), 0);
    assertThat(sigmoid.confusionMatrix().accuracy()).as("labels 1, 0, 2, 0").isEqualTo(1.0);
    // Plain arg-max would give pixel 1 to b.
    SegmentationEvaluator argmax = SegmentationEvaluator.builder(List.of("bg", "a", "b")).build();
    argmax.addProbabilities(Nd4j.create(p, new long[] {1, 3, 1, 4}, 'c'), List.of(ref));
    assertThat(argmax.confusionMatrix().count(0, 2)).isEqualTo(1);
    assertThatThrownBy(() -> sigmoid.addSigmoidProbabilities(Nd4j.create(p, new long[] {1, 3, 1, 4}, 'c'),
        List.of(ref), 3)).hasMessageContaining("background class 3");
  }

  @Test
  void viewsAndDoublesAreReadCorrectly() {
    // A [1,2,2,2] double view into a [2,2,2,4] array. Inside the view class 0 wins in column 0 and
    // class 1 in column 1; everywhere else the opposite, so reading the wrong elements shows.
    var big = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 2, 2, 4);
    for (int b = 0; b < 2; b++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 4; x++) {
          boolean inView = b == 1 && x < 2;
          boolean class0Wins = inView == (x % 2 == 0);
          big.putScalar(new long[] {b, 0, y, x}, class0Wins ? 0.9 : 0.1);
          big.putScalar(new long[] {b, 1, y, x}, class0Wins ? 0.1 : 0.9);
        }
      }
    }
    var view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2));
    SegmentationEvaluator e = SegmentationEvaluator.builder(List.of("a", "b")).build();
    e.addProbabilities(view, List.of(LabelRaster.wrap(2, 2, new byte[] {0, 1, 0, 1})));
    assertThat(e.confusionMatrix().count(0, 0)).isEqualTo(2);
    assertThat(e.confusionMatrix().count(1, 1)).isEqualTo(2);
    assertThat(e.confusionMatrix().accuracy()).isEqualTo(1.0);
  }

  @Test
  void labelTilesMergeAndIgnore() {
    SegmentationEvaluator a = SegmentationEvaluator.builder(List.of("a", "b", "c")).ignoreValue(255).build();
    SegmentationEvaluator b = SegmentationEvaluator.builder(List.of("a", "b", "c")).ignoreValue(255).build();
    a.add(LabelRaster.wrap(2, 1, new byte[] {0, 1}), LabelRaster.wrap(2, 1, new byte[] {0, 1}));
    b.add(LabelRaster.wrap(2, 1, new byte[] {2, 2}), LabelRaster.wrap(2, 1, new byte[] {1, (byte) 255}));
    a.merge(b);
    DiceScores d = a.report("").dice();
    assertThat(d.pixels()).isEqualTo(3);
    assertThat(d.ignoredPixels()).isEqualTo(1);
    assertThat(d.dice(0)).isEqualTo(1.0);
    assertThat(d.dice(1)).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(d.dice(2)).isEqualTo(0.0);
    assertThat(d.overall()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-15));
  }

  @Test
  void shapesMustMatch() {
    SegmentationEvaluator e = SegmentationEvaluator.builder(List.of("a", "b")).build();
    assertThatThrownBy(() -> e.addProbabilities(Nd4j.zeros(1, 3, 2, 2), List.of(LabelRaster.create(2, 2))))
        .hasMessageContaining("expected probabilities [1, 2, H, W], got [1, 3, 2, 2]");
    assertThatThrownBy(() -> e.addProbabilities(Nd4j.create(new float[] {0.5f, 0.5f, Float.NaN, 0.5f},
        new long[] {2, 2, 1, 1}, 'c'), List.of(LabelRaster.create(1, 1), LabelRaster.create(1, 1))))
        .hasMessageContaining("probability NaN at flat index 2");
    assertThat(e.confusionMatrix().total()).isZero();
    assertThatThrownBy(() -> e.addScores(1, new float[4], LabelRaster.create(2, 2)))
        .hasMessageContaining("not a binary task");
    assertThatThrownBy(() -> SegmentationEvaluator.builder(List.of("a")).binaryClasses(1).build())
        .hasMessageContaining("binary task class 1");
  }
}
