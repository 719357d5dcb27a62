package io.slidestream.models.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.fixtures.SetRasters;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class BalancingTest {

  private static final long ALL = 0b111;
  /** As under partial-ce: every set but "all classes" carries a label. */
  private static final LongPredicate ANY_INFORMATION = s -> s != ALL;
  /** As under naive-mask: single classes only. */
  private static final LongPredicate SINGLE_CLASS = s -> s != ALL && Long.bitCount(s) == 1;

  /**
   * Patch 1 (3x2): A A A A B *, patch 2 (3x2): C C A * * *. B is in patch 1 only, C in patch 2 only.
   * Instance, patch 1: L = 5, C = 2 → A 5/(2·4) = 0.625, B 5/(2·1) = 2.5.
   * Instance, patch 2: L = 3, C = 2 → C 3/(2·2) = 0.75, A 3/(2·1) = 1.5.
   * Mini-batch: L = 8, C = 3, n_A = 5, n_B = 1, n_C = 2 → A 8/15, B 8/3, C 8/6.
   */
  private final List<LabelSetRaster> batch = List.of(
      SetRasters.parse(3, "0 0 0", "0 1 *"),
      SetRasters.parse(3, "2 2 0", "* * *"));

  @Test
  void noneWeighsEveryLabelledPixelOne() {
    assertThat(Balancing.NONE.weights(batch, ANY_INFORMATION))
        .containsExactly(1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0);
  }

  @Test
  void instanceBalancingFollowsBokhorstEquationOnePerPatch() {
    assertThat(Balancing.INSTANCE.weights(batch, ANY_INFORMATION)).containsExactly(
        0.625f, 0.625f, 0.625f, 0.625f, 2.5f, 0f,
        0.75f, 0.75f, 1.5f, 0f, 0f, 0f);
  }

  @Test
  void miniBatchBalancingFollowsBokhorstEquationTwoOverTheBatch() {
    float a = (float) (8.0 / 15);
    float b = (float) (8.0 / 3);
    float c = (float) (8.0 / 6);
    assertThat(Balancing.MINIBATCH.weights(batch, ANY_INFORMATION)).containsExactly(
        a, a, a, a, b, 0f,
        c, c, a, 0f, 0f, 0f);
  }

  @Test
  void aClassInOnePatchOnlyWeighsMoreUnderMiniBatchThanUnderInstanceBalancing() {
    // B: 2.5 per pixel when balanced within its patch, 8/3 over the batch where A is more common.
    float[] instance = Balancing.INSTANCE.weights(batch, ANY_INFORMATION);
    float[] miniBatch = Balancing.MINIBATCH.weights(batch, ANY_INFORMATION);
    assertThat(miniBatch[4]).isGreaterThan(instance[4]);
  }

  @Test
  void balancedWeightsSumToTheLabelledPixelsAndEveryClassToAnEqualShare() {
    float[] instance = Balancing.INSTANCE.weights(batch, ANY_INFORMATION);
    assertThat(sum(instance, 0, 6)).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(sum(instance, 6, 12)).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
    float[] miniBatch = Balancing.MINIBATCH.weights(batch, ANY_INFORMATION);
    assertThat(sum(miniBatch, 0, 12)).isEqualTo(8.0, org.assertj.core.data.Offset.offset(1e-6));
    // Each of A, B, C weighs L_B / C_B = 8/3 in total.
    double classA = 4 * miniBatch[0] + miniBatch[8];
    assertThat(classA).isEqualTo(8.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
    assertThat((double) miniBatch[4]).isEqualTo(8.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(2.0 * miniBatch[6]).isEqualTo(8.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aSuperLabelIsBalancedAsOneClassOfItsOwnUnderPartialCrossEntropy() {
    // {0} once, {0,1} three times, unannotated once: L = 4, C = 2 → {0} 4/2 = 2, {0,1} 4/6.
    List<LabelSetRaster> superLabel = List.of(SetRasters.parse(3, "0 01 01 01 *"));
    assertThat(Balancing.INSTANCE.weights(superLabel, ANY_INFORMATION))
        .containsExactly(2f, (float) (4.0 / 6), (float) (4.0 / 6), (float) (4.0 / 6), 0f);
    // Naive masking: only {0} counts; L = 1, C = 1.
    assertThat(Balancing.INSTANCE.weights(superLabel, SINGLE_CLASS)).containsExactly(1f, 0f, 0f, 0f, 0f);
    assertThat(Balancing.NONE.weights(superLabel, SINGLE_CLASS)).containsExactly(1f, 0f, 0f, 0f, 0f);
  }

  @Test
  void aPatchWithoutLabelsWeighsNothing() {
    List<LabelSetRaster> empty = List.of(SetRasters.parse(3, "* *"), SetRasters.parse(3, "0 *"));
    assertThat(Balancing.INSTANCE.weights(empty, ANY_INFORMATION)).containsExactly(0f, 0f, 1f, 0f);
    assertThat(Balancing.MINIBATCH.weights(empty, ANY_INFORMATION)).containsExactly(0f, 0f, 1f, 0f);
  }

  @Test
  void namesAreTheConfigurationWords() {
    assertThat(Balancing.named("none")).isEqualTo(Balancing.NONE);
    assertThat(Balancing.named("Instance")).isEqualTo(Balancing.INSTANCE);
    assertThat(Balancing.named("minibatch")).isEqualTo(Balancing.MINIBATCH);
    assertThat(Balancing.named("mini-batch")).isEqualTo(Balancing.MINIBATCH);
    assertThat(Balancing.MINIBATCH.configName()).isEqualTo("minibatch");
    assertThatThrownBy(() -> Balancing.named("class"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none, instance or minibatch");
  }

  private static double sum(float[] w, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += w[i];
    }
    return s;
  }
}
