package io.slidestream.models.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMixTest {

  @Test
  void theIthSeedIsTheIthOutputOfSplitMix64() {
    // The JDK's SplittableRandom is SplitMix64 with the same increment and finaliser: its i-th
    // nextLong from a seed is mix(seed + GOLDEN · (i + 1)).
    for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, 0x0123456789abcdefL}) {
      SplittableRandom reference = new SplittableRandom(seed);
      for (int i = 0; i < 100; i++) {
        assertThat(SplitMix.seed(seed, i)).as("seed %d, position %d", seed, i).isEqualTo(reference.nextLong());
      }
    }
  }
}
