package io.slidestream.models.hem;

/**
 * The chi-square distribution's survival function, for goodness-of-fit tests: P(X ≥ x) for X
 * with {@code df} degrees of freedom, the regularised upper incomplete gamma Q(df/2, x/2) by its
 * series below a + 1 and by its continued fraction (modified Lentz) above.
 */
final class ChiSquare {

  private ChiSquare() {}

  static double survival(double x, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
    }
    if (x <= 0) {
      return 1.0;
    }
    double a = df / 2.0;
    double z = x / 2.0;
    double logPrefix = a * Math.log(z) - z - logGamma(a);
    if (z < a + 1) {
      double term = 1.0 / a;
      double sum = term;
      for (int n = 1; n < 10_000; n++) {
        term *= z / (a + n);
        sum += term;
        if (term < sum * 1e-16) {
          break;
        }
      }
      return Math.max(0, 1 - Math.exp(logPrefix) * sum);
    }
    double tiny = 1e-300;
    double b = z + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int n = 1; n < 10_000; n++) {
      double an = -n * (n - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** Lanczos approximation (g = 7, 9 terms), accurate to about 15 digits for positive arguments. */
  static double logGamma(double x) {
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double s = g[0];
    for (int i = 1; i < 9; i++) {
      s += g[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
  }

  /** Pearson's statistic of observed counts against expected probabilities (cells with p > 0 only). */
  static double statistic(int[] observed, double[] probabilities, int total) {
    double chi2 = 0;
    for (int i = 0; i < observed.length; i++) {
      if (probabilities[i] > 0) {
        double e = total * probabilities[i];
        chi2 += (observed[i] - e) * (observed[i] - e) / e;
      }
    }
    return chi2;
  }
}
