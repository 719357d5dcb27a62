package io.slidestream.models.smiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SmilerScheduleTest {

  @Test
  void defaultIsPetitsTwoRoundsUpToSixtySixPercent() {
    SmilerSchedule s = SmilerSchedule.DEFAULT;
    assertThat(s.rounds()).isEqualTo(2);
    assertThat(s.gamma(1)).isCloseTo(0.33, within(1e-15));
    assertThat(s.gamma(2)).isCloseTo(0.66, within(1e-15));
    assertThat(s.threshold()).isEqualTo(0.5);
    assertThat(s.includeUnannotated()).isFalse();
  }

  @Test
  void gammaGrowsLinearlyToItsMaximum() {
    SmilerSchedule s = new SmilerSchedule(3, 1.0, 0.5, true);
    assertThat(s.gamma(1)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(s.gamma(2)).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(s.gamma(3)).isEqualTo(1.0);
  }

  @Test
  void refusesSettingsOutsideTheirRange() {
    assertThatThrownBy(() -> new SmilerSchedule(0, 0.66, 0.5, false)).hasMessageContaining("at least one round");
    assertThatThrownBy(() -> new SmilerSchedule(2, 0, 0.5, false)).hasMessageContaining("gammaMax");
    assertThatThrownBy(() -> new SmilerSchedule(2, 1.5, 0.5, false)).hasMessageContaining("gammaMax");
    assertThatThrownBy(() -> new SmilerSchedule(2, 0.66, 1, false)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> SmilerSchedule.DEFAULT.gamma(0)).hasMessageContaining("round must be 1..2");
    assertThatThrownBy(() -> SmilerSchedule.DEFAULT.gamma(3)).hasMessageContaining("round must be 1..2");
  }
}
