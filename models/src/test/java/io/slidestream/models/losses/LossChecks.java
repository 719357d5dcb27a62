package io.slidestream.models.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Checks shared by the loss tests: central differences in double precision. */
final class LossChecks {

  private LossChecks() {}

  /**
   * Asserts that the analytic gradient of {@code loss} with respect to the pre-output matches
   * central differences of its summed score, element by element: |analytic - numeric| at most
   * {@code 1e-7} plus {@code 1e-6} of the larger.
   */
  static void assertGradientMatchesCentralDifferences(ILossFunction loss, INDArray labels, INDArray z,
      IActivation activation, INDArray mask) {
    double eps = 1e-6;
    INDArray analytic = loss.computeGradient(labels, z.dup(), activation, mask);
    int checked = 0;
    for (long r = 0; r < z.size(0); r++) {
      for (long c = 0; c < z.size(1); c++) {
        INDArray plus = z.dup();
        plus.putScalar(r, c, z.getDouble(r, c) + eps);
        INDArray minus = z.dup();
        minus.putScalar(r, c, z.getDouble(r, c) - eps);
        double numeric = (loss.computeScore(labels, plus, activation, mask, false)
            - loss.computeScore(labels, minus, activation, mask, false)) / (2 * eps);
        double a = analytic.getDouble(r, c);
        assertThat(a).as("d loss / d z[%d,%d]", r, c)
            .isCloseTo(numeric, within(1e-7 + 1e-6 * Math.max(Math.abs(a), Math.abs(numeric))));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(z.length());
  }
}
