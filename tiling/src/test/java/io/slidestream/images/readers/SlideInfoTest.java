package io.slidestream.images.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlideInfoTest {

  final SlideInfo info = new SlideInfo("test", "generic-tiff",
      List.of(new PyramidLevel(40000, 30000, 1, 256, 256),
          new PyramidLevel(10000, 7500, 4, 256, 256),
          new PyramidLevel(2500, 1875, 16, 256, 256)),
      0.25, 0.25, 40.0);

  @Test
  void bestLevelIsTheCoarsestNotCoarserThanAsked() {
    assertThat(info.bestLevelForDownsample(1)).isZero();
    assertThat(info.bestLevelForDownsample(3.9)).isZero();
    assertThat(info.bestLevelForDownsample(4)).isEqualTo(1);
    assertThat(info.bestLevelForDownsample(3.999)).as("rounding tolerance").isEqualTo(1);
    assertThat(info.bestLevelForDownsample(100)).isEqualTo(2);
  }

  @Test
  void downsampleForAResolution() {
    assertThat(info.downsampleFor(1.0)).isEqualTo(4.0);
    SlideInfo noMpp = new SlideInfo("t", "v", info.levels(), null, null, null);
    assertThatThrownBy(() -> noMpp.downsampleFor(1.0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void levelsAreValidated() {
    assertThatThrownBy(() -> new PyramidLevel(0, 10, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PyramidLevel(10, 10, 0.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> info.level(3)).isInstanceOf(IllegalArgumentException.class);
  }
}
