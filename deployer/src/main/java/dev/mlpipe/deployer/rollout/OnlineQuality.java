package dev.mlpipe.deployer.rollout;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether a canary's predictions are worse on the feedback than the stable version's, as a
 * one-sided Welch test on the per-feedback squared errors: the null hypothesis is that the canary's
 * mean squared error is at most the stable one's times (1 + tolerance)^2 (its RMSE at most {@code
 * tolerance} worse), and the canary is judged worse only when the data reject it at the
 * significance level. So a canary that is clearly worse is caught after a few dozen feedbacks,
 * while a canary as good as the stable version is rolled back by noise at most with probability
 * {@code significance} per check (far less when the tolerance is above zero). A fixed RMSE ratio
 * could not do both: at 20 feedbacks a 10 % gap is noise, at 400 a 30 % gap waits too long.
 *
 * <p>Welch's test tolerates the skew of squared errors: with a right-skewed variable a large mean
 * comes with a large variance, which makes the upper tail of t lighter, i.e. the test is
 * conservative against false rollbacks at small counts.
 */
public final class OnlineQuality {

  /** What the comparison found. */
  public enum Outcome {
    /** The canary is worse beyond the tolerance, at the significance level. */
    WORSE,
    /** The data do not show the canary worse beyond the tolerance. */
    NOT_SHOWN_WORSE,
    /** A version has fewer feedbacks than the minimum: nothing is judged. */
    TOO_FEW
  }

  /**
   * One comparison.
   *
   * @param outcome the verdict
   * @param pValue the one-sided p-value; NaN when not judged
   * @param reason one line with both RMSEs, counts and the p-value
   */
  public record Comparison(Outcome outcome, double pValue, String reason) {
    public Comparison {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private OnlineQuality() {}

  /**
   * Compares the canary's squared errors with the stable version's.
   *
   * @param tolerance how much worse, relatively, the canary's RMSE may be (0.05 = 5 %)
   * @param significance the test's level, e.g. 0.01
   * @param minFeedback feedbacks each version needs before it is judged (at least 2)
   */
  public static Comparison compare(
      SquaredErrors canary,
      SquaredErrors stable,
      double tolerance,
      double significance,
      long minFeedback) {
    if (canary.count() < minFeedback || stable.count() < minFeedback) {
      return new Comparison(
          Outcome.TOO_FEW,
          Double.NaN,
          String.format(
              Locale.ROOT,
              "online quality not judged: %d and %d feedback, %d each needed",
              canary.count(),
              stable.count(),
              minFeedback));
    }
    double ratio = (1 + tolerance) * (1 + tolerance);
    double difference = canary.mean() - ratio * stable.mean();
    double a = canary.variance() / canary.count();
    double b = ratio * ratio * stable.variance() / stable.count();
    double p;
    if (a + b == 0) {
      // Every error of each version the same: the difference is exact.
      p = difference > 0 ? 0 : 1;
    } else {
      double t = difference / Math.sqrt(a + b);
      double df = (a + b) * (a + b) / (a * a / (canary.count() - 1) + b * b / (stable.count() - 1));
      p = StudentT.upperTail(t, df);
    }
    Outcome outcome = p < significance ? Outcome.WORSE : Outcome.NOT_SHOWN_WORSE;
    return new Comparison(
        outcome,
        p,
        String.format(
            Locale.ROOT,
            "canary online RMSE %.4f vs stable %.4f over %d and %d feedback: %s than +%.0f %%"
                + " (one-sided Welch p = %.4f, significance %s)",
            canary.rmse(),
            stable.rmse(),
            canary.count(),
            stable.count(),
            outcome == Outcome.WORSE ? "worse" : "not shown worse",
            100 * tolerance,
            p,
            significance));
  }
}
