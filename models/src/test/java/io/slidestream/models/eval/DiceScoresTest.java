package io.slidestream.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiceScoresTest {

  private static final List<String> NAMES = List.of("background", "tumour", "stroma", "necrosis", "fat");

  @Test
  void overallIsTheMeanOverClassesPresentInTheReference() {
    DiceScores d = ConfusionMatrixTest.example().diceScores(NAMES);
    // Present: background 0.4, tumour 2/3, stroma 1 -> 31/45. Necrosis (only predicted, Dice 0) and
    // fat (nowhere, NaN) stay out of the mean.
    assertThat(d.overall()).isCloseTo(31.0 / 45, within(1e-15));
    assertThat(d.classesPresent()).isEqualTo(3);
    assertThat(d.classes()).extracting(ClassDice::presentInReference).containsExactly(true, true, true, false, false);
    assertThat(d.dice(3)).isZero();
    assertThat(d.dice(4)).isNaN();
    assertThat(d.pixels()).isEqualTo(7);
    assertThat(d.ignoredPixels()).isEqualTo(1);
    assertThat(d.classes().get(1)).isEqualTo(new ClassDice(1, "tumour", 3, 3, 2, 2.0 / 3));
  }

  @Test
  void nothingCountedGivesNoOverall() {
    DiceScores d = ConfusionMatrix.of(2).diceScores(List.of("a", "b"));
    assertThat(d.overall()).isNaN();
    assertThat(d.classesPresent()).isZero();
  }

  @Test
  void classNamesMustMatchTheClasses() {
    assertThatThrownBy(() -> ConfusionMatrix.of(3).diceScores(List.of("a"))).hasMessageContaining("1 class names for 3");
  }
}
