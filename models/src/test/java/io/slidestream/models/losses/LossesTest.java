package io.slidestream.models.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.models.losses.BinaryAmbiguityLoss.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void findsEachLossByItsConfigurationName() {
    assertThat(Losses.named("partial-ce")).isInstanceOf(PartialCrossEntropy.class);
    assertThat(Losses.named("naive-mask")).isInstanceOf(NaiveMaskCrossEntropy.class);
    assertThat(Losses.named("binary-ambiguity")).isEqualTo(new BinaryAmbiguityLoss(Variant.SMILE));
    assertThat(Losses.named("binary-ambiguity:pbce")).isEqualTo(new BinaryAmbiguityLoss(Variant.PBCE));
    assertThat(Losses.named(" binary-ambiguity : MBCE ")).isEqualTo(new BinaryAmbiguityLoss(Variant.MBCE));
    assertThat(Losses.names()).containsExactly("partial-ce", "naive-mask", "binary-ambiguity");
  }

  @Test
  void aLossNameReadsBackAsAnEqualLoss() {
    for (PartialLabelLoss loss : List.of(new PartialCrossEntropy(), new NaiveMaskCrossEntropy(),
        new BinaryAmbiguityLoss(Variant.SMILE), new BinaryAmbiguityLoss(Variant.PBCE),
        new BinaryAmbiguityLoss(Variant.MBCE))) {
      assertThat(Losses.named(loss.name())).isEqualTo(loss);
    }
  }

  @Test
  void unknownNamesAndVariantsSayWhatIsKnown() {
    assertThatThrownBy(() -> Losses.named("dice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown loss 'dice'")
        .hasMessageContaining("partial-ce, naive-mask, binary-ambiguity");
    assertThatThrownBy(() -> Losses.named("binary-ambiguity:focal"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smile, pbce or mbce");
    assertThatThrownBy(() -> Losses.named("partial-ce:smile"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no variants");
  }
}
