package io.slidestream.models.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianKernelTest {

  @Test
  void weightsAreSymmetricAndSumToOne() {
    GaussianKernel g = GaussianKernel.of(1.5);
    float[] w = g.weights();
    assertThat(g.radius()).isEqualTo(5);
    assertThat(w).hasSize(11);
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      assertThat(w[i]).isEqualTo(w[w.length - 1 - i]);
    }
    assertThat(sum).isCloseTo(1, within(1e-6));
    assertThat((double) w[6] / w[5]).isCloseTo(Math.exp(-0.5 / 2.25), within(1e-6));
  }

  @Test
  void constantPlanesStayConstantIncludingEdges() {
    float[] d = new float[10 * 7 * 2];
    for (int i = 0; i < d.length; i++) {
      d[i] = i % 2 == 0 ? 3 : -5;
    }
    float[] s = GaussianKernel.of(2).smooth(d, 10, 7, 2, 1);
    for (int i = 0; i < s.length; i++) {
      assertThat(s[i]).isCloseTo(i % 2 == 0 ? 3f : -5f, within(1e-5f));
    }
  }

  @Test
  void gridSamplesEqualFullSmoothingAtTheGridPoints() {
    int w = 23;
    int h = 17;
    float[] d = new float[w * h * 2];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextDouble();
    }
    GaussianKernel g = GaussianKernel.of(3);
    float[] full = g.smooth(d, w, h, 2, 1);
    float[] grid = g.smooth(d, w, h, 2, 3);
    int gw = GaussianKernel.gridSize(w, 3);
    int gh = GaussianKernel.gridSize(h, 3);
    assertThat(gw).isEqualTo(9); // 0, 3, …, 24 reaches past pixel 22
    assertThat(gh).isEqualTo(7); // 0, 3, …, 18 reaches past pixel 16
    for (int j = 0; j < gh; j++) {
      for (int i = 0; i < gw; i++) {
        if (i * 3 < w && j * 3 < h) {
          for (int c = 0; c < 2; c++) {
            assertThat(grid[(j * gw + i) * 2 + c]).isCloseTo(full[((j * 3) * w + i * 3) * 2 + c], within(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void smoothingMatchesADirectTwoDimensionalSum() {
    int w = 6;
    int h = 5;
    float[] d = new float[w * h];
    d[2 * w + 3] = 1; // an impulse
    float[] s = GaussianKernel.of(1).smooth(d, w, h, 1, 1);
    float[] k = GaussianKernel.of(1).weights();
    // Away from the edges the impulse response is the outer product of the kernel.
    assertThat(s[2 * w + 3]).isCloseTo(k[3] * k[3], within(1e-6f));
    assertThat(s[1 * w + 3]).isCloseTo(k[2] * k[3], within(1e-6f));
    assertThat(s[1 * w + 2]).isCloseTo(k[2] * k[2], within(1e-6f));
  }
}
