package dev.mlpipe.drift.stats;

/**
 * The regularized upper incomplete gamma function Q(a, x), for the χ² distribution's tail: a series
 * below {@code x < a + 1} and a Lentz continued fraction above (Numerical Recipes, 6.2).
 */
final class Gamma {

  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPSILON = 1e-15;
  private static final double TINY = 1e-300;
  private static final double[] LANCZOS = {
    0.99999999999999709182,
    57.156235665862923517,
    -59.597960355475491248,
    14.136097974741747174,
    -0.49191381609762019978,
    .33994649984811888699e-4,
    .46523628927048575665e-4,
    -.98374475304879564677e-4,
    .15808870322491248884e-3,
    -.21026444172410488319e-3,
    .21743961811521264320e-3,
    -.16431810653676389022e-3,
    .84418223983852743293e-4,
    -.26190838401581408670e-4,
    .36899182659531622704e-5,
  };
  private static final double LANCZOS_G = 607.0 / 128.0;
  private static final double HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI);

  private Gamma() {}

  /** ln Γ(a) for a > 0 (Lanczos approximation, g = 607/128). */
  static double logGamma(double a) {
    if (!(a > 0)) {
      throw new IllegalArgumentException("logGamma needs a > 0, was " + a);
    }
    double sum = LANCZOS[0];
    for (int i = LANCZOS.length - 1; i > 0; i--) {
      sum += LANCZOS[i] / (a + i - 1);
    }
    double tmp = a + LANCZOS_G - 0.5;
    return (a - 0.5) * Math.log(tmp) - tmp + HALF_LOG_2_PI + Math.log(sum);
  }

  /** Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0. */
  static double regularizedQ(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      throw new IllegalArgumentException("Q(a, x) needs a > 0 and x >= 0, was a=" + a + " x=" + x);
    }
    if (x == 0) {
      return 1;
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    if (x < a + 1) {
      return 1 - lowerSeries(a, x);
    }
    return upperContinuedFraction(a, x);
  }

  private static double lowerSeries(double a, double x) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  private static double upperContinuedFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }
}
