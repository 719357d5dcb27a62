package io.slidestream.models.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.slidestream.models.unet.Head;
import org.junit.jupiter.api.Test;

class LabelDecoderTest {

  // Two patches of 2x1 pixels, three channels, laid out [batch, channel, pixel].
  private static final float[] PROBABILITIES = {
      // patch 0: pixel 0 is channel 2, pixel 1 ties channels 0 and 1
      0.1f, 0.4f, /* c1 */ 0.2f, 0.4f, /* c2 */ 0.7f, 0.2f,
      // patch 1: sigmoid-like values, pixel 0 exactly at the threshold everywhere
      0.5f, 0.9f, /* c1 */ 0.5f, 0.6f, /* c2 */ 0.5f, 0.95f};

  @Test
  void softmaxTakesTheArgMaxAndTiesGoToTheLowerChannel() {
    LabelDecoder d = new LabelDecoder(Head.SOFTMAX, new int[] {10, 200, 30}, 0);
    PatchPrediction p = d.decode(PROBABILITIES, 0, 2, 1);
    assertThat(p.labels().get(0, 0)).isEqualTo(30);
    assertThat(p.labels().get(1, 0)).isEqualTo(10);
    assertThat(p.pixelCounts()).containsExactly(1, 0, 1);
    assertThat(p.meanProbabilities()[0]).isCloseTo(0.25, offset(1e-7));
    assertThat(p.meanProbabilities()[1]).isCloseTo(0.3, offset(1e-7));
    assertThat(p.meanProbabilities()[2]).isCloseTo(0.45, offset(1e-7));
  }

  @Test
  void sigmoidNeedsMoreThanOneHalfElseTheBackground() {
    LabelDecoder d = new LabelDecoder(Head.SIGMOID, new int[] {10, 200, 30}, 1);
    PatchPrediction p = d.decode(PROBABILITIES, 1, 2, 1);
    assertThat(p.labels().get(0, 0)).as("0.5 is not above the threshold").isEqualTo(200);
    assertThat(p.labels().get(1, 0)).isEqualTo(30);
    assertThat(p.pixelCounts()).containsExactly(0, 1, 1);
    assertThat(p.meanProbabilities()[2]).isCloseTo(0.725, offset(1e-7));
  }

  @Test
  void channelsAbove127KeepTheirIndex() {
    int[] ids = new int[140];
    for (int c = 0; c < ids.length; c++) {
      ids[c] = c;
    }
    float[] probabilities = new float[140];
    probabilities[135] = 1;
    PatchPrediction p = new LabelDecoder(Head.SOFTMAX, ids, 0).decode(probabilities, 0, 1, 1);
    assertThat(p.labels().get(0, 0)).isEqualTo(135);
    assertThat(p.pixelCounts()[135]).isEqualTo(1);
  }
}
