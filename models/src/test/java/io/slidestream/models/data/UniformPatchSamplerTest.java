package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import java.util.List;
import org.junit.jupiter.api.Test;

class UniformPatchSamplerTest {

  /** An image with annotated pixels exactly where {@code mask} says. */
  private static TrainingSample withAnnotated(String id, int w, int h, boolean[] mask) {
    LabelSetRaster l = LabelSetRaster.unconstrained(w, h, 2);
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        l.set(i % w, i / w, 1);
      }
    }
    return TrainingSample.of(id, RgbRaster.create(w, h), l);
  }

  @Test
  void centresAreUniformOverAnnotatedPixelsOfAllRegions() {
    // Region 0: 10 annotated pixels scattered; region 1: 30 annotated pixels, one in a cell alone.
    int w = 50;
    int h = 40;
    boolean[] m0 = new boolean[w * h];
    boolean[] m1 = new boolean[w * h];
    for (int k = 0; k < 10; k++) {
      m0[(3 + 4 * k) * w + 5 + 4 * k] = true;
    }
    for (int k = 0; k < 29; k++) {
      m1[20 * w + 10 + k] = true;
    }
    m1[39 * w + 49] = true;
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(withAnnotated("a", w, h, m0),
        withAnnotated("b", w, h, m1)));
    // A 1x1 patch is its own centre: every draw must land on an annotated pixel.
    UniformPatchSampler s = new UniformPatchSampler(src, 1, 1, 42);
    assertThat(s.annotatedPixels()).isEqualTo(40);
    int[][] hits = new int[2][w * h];
    int n = 40_000;
    for (long i = 0; i < n; i++) {
      PatchRequest r = s.sample(i);
      assertThat((r.region() == 0 ? m0 : m1)[r.y() * w + r.x()]).isTrue();
      hits[r.region()][r.y() * w + r.x()]++;
    }
    // Each of the 40 pixels expects 1000 hits (binomial sd ≈ 31): allow ±15 %.
    for (int region = 0; region < 2; region++) {
      for (int i = 0; i < w * h; i++) {
        if ((region == 0 ? m0 : m1)[i]) {
          assertThat(hits[region][i]).isBetween(850, 1150);
        }
      }
    }
  }

  @Test
  void sameSeedAndIndexGiveTheSamePatch() {
    TrainingSample t = InMemoryPatchSourceTest.random("a", 64, 48, 3, 1);
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(t));
    UniformPatchSampler a = new UniformPatchSampler(src, 16, 16, 7);
    UniformPatchSampler b = new UniformPatchSampler(src, 16, 16, 7);
    UniformPatchSampler c = new UniformPatchSampler(src, 16, 16, 8);
    int same = 0;
    for (long i = 999; i >= 0; i--) {
      assertThat(b.sample(i)).isEqualTo(a.sample(i));
      same += a.sample(i).equals(c.sample(i)) ? 1 : 0;
    }
    assertThat(same).isLessThan(50);
  }

  @Test
  void patchesStayInsideRegionsLargeEnoughAndCentreSmallOnes() {
    TrainingSample t = InMemoryPatchSourceTest.random("a", 64, 48, 3, 2);
    UniformPatchSampler s = new UniformPatchSampler(InMemoryPatchSource.of(List.of(t)), 32, 32, 1);
    for (long i = 0; i < 500; i++) {
      PatchRequest r = s.sample(i);
      assertThat(r.x()).isBetween(0, 64 - 32);
      assertThat(r.y()).isBetween(0, 48 - 32);
    }
    assertThat(UniformPatchSampler.place(3, 32, 64)).isZero();
    assertThat(UniformPatchSampler.place(63, 32, 64)).isEqualTo(32);
    assertThat(UniformPatchSampler.place(40, 32, 64)).isEqualTo(24);
    assertThat(UniformPatchSampler.place(5, 32, 20)).isEqualTo(-6);
  }

  @Test
  void nothingAnnotatedIsAnError() {
    TrainingSample t = TrainingSample.of("e", RgbRaster.create(4, 4), LabelSetRaster.unconstrained(4, 4, 2));
    assertThatThrownBy(() -> new UniformPatchSampler(InMemoryPatchSource.of(List.of(t)), 2, 2, 0))
        .hasMessageContaining("nothing is annotated");
  }

  @Test
  void firstAboveFindsTheCellOfADraw() {
    long[] cumulative = {0, 3, 3, 5, 9};
    assertThat(UniformPatchSampler.firstAbove(cumulative, 0)).isEqualTo(1);
    assertThat(UniformPatchSampler.firstAbove(cumulative, 2)).isEqualTo(1);
    assertThat(UniformPatchSampler.firstAbove(cumulative, 3)).isEqualTo(3);
    assertThat(UniformPatchSampler.firstAbove(cumulative, 8)).isEqualTo(4);
  }
}
