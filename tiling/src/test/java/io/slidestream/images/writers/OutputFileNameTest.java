package io.slidestream.images.writers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputFileNameTest {

  @Test
  void namesFromOutsideIdsAreChecked() {
    assertThat(OutputFileName.of("CMU-1_small.v2", ".mask.tif")).isEqualTo("CMU-1_small.v2.mask.tif");
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "-x", "sp ace", "ü", null}) {
      assertThatThrownBy(() -> OutputFileName.of(bad, ".tif")).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
