package dev.mlpipe.gatekeeper.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a candidate's metrics by a policy: one {@link CheckResult} per rule, in the policy's
 * order, after any checks the caller already made (e.g. the artifact's verification). Pure: a
 * metric the candidate lacks fails its check as missing; a relative check with no champion passes
 * as "no champion yet".
 */
public final class GateEvaluator {

  private GateEvaluator() {}

  /**
   * @param policy the effective policy
   * @param candidate the candidate's metrics, including the gatekeeper's own ({@link GateMetrics})
   * @param champion the champion to compare with, if any
   * @param prior checks made before the policy's (verification); they come first in the report
   * @param explanations per metric, what the caller knows about why its value is what it is (e.g.
   *     why {@code model_loads} is 0); appended to the reason of a failed check on that metric
   */
  public static GateReport evaluate(
      GatePolicy policy,
      Map<String, Double> candidate,
      Optional<Champion> champion,
      List<CheckResult> prior,
      Map<String, String> explanations) {
    return evaluate(policy, policy.contentHash(), candidate, champion, prior, explanations);
  }

  /**
   * As {@link #evaluate(GatePolicy, Map, Optional, List, Map)} with the policy's {@link
   * GatePolicy#contentHash()} already computed (the gatekeeper keeps it with the policy).
   */
  public static GateReport evaluate(
      GatePolicy policy,
      String policyHash,
      Map<String, Double> candidate,
      Optional<Champion> champion,
      List<CheckResult> prior,
      Map<String, String> explanations) {
    List<CheckResult> checks = new ArrayList<>(prior);
    for (Rule rule : policy.rules()) {
      CheckResult check = check(rule, policy, candidate, champion);
      String why = explanations.get(rule.metric());
      if (!check.passed() && why != null) {
        check =
            new CheckResult(
                check.name(),
                check.metric(),
                check.severity(),
                check.comparator(),
                check.threshold(),
                check.candidateValue(),
                check.championValue(),
                false,
                check.reason() + ": " + why);
      }
      checks.add(check);
    }
    return new GateReport(checks, policyHash, champion.map(Champion::version));
  }

  /** As {@link #evaluate(GatePolicy, Map, Optional, List, Map)} with no prior checks. */
  public static GateReport evaluate(
      GatePolicy policy, Map<String, Double> candidate, Optional<Champion> champion) {
    return evaluate(policy, candidate, champion, List.of(), Map.of());
  }

  static CheckResult check(
      Rule rule, GatePolicy policy, Map<String, Double> candidate, Optional<Champion> champion) {
    String metric = rule.metric();
    Double value = candidate.get(metric);
    Double championValue = champion.map(c -> c.metrics().get(metric)).orElse(null);
    String comparator = describe(rule);
    if (value == null) {
      return result(
          rule,
          comparator,
          thresholdOf(rule),
          null,
          championValue,
          false,
          "missing: the candidate reports no " + metric);
    }
    if (!Double.isFinite(value)) {
      return result(
          rule,
          comparator,
          thresholdOf(rule),
          value,
          championValue,
          false,
          metric + " is " + value + ", not a number to compare");
    }
    if (!rule.comparator().relative()) {
      boolean passed =
          switch (rule.comparator()) {
            case MIN -> value >= rule.threshold();
            case MAX -> value <= rule.threshold();
            case EQUALS -> value == rule.threshold();
            default -> throw new IllegalStateException("relative comparator " + rule.comparator());
          };
      return result(
          rule,
          comparator,
          rule.threshold(),
          value,
          championValue,
          passed,
          metric
              + " "
              + format(value)
              + (passed ? " meets " : " violates ")
              + comparator
              + " "
              + format(rule.threshold()));
    }
    if (!policy.compareToChampion()) {
      return result(
          rule,
          comparator,
          null,
          value,
          championValue,
          true,
          "not compared: compareToChampion is false");
    }
    if (champion.isEmpty()) {
      return result(rule, comparator, null, value, null, true, "no champion yet");
    }
    String version = champion.get().version();
    if (championValue == null || !Double.isFinite(championValue)) {
      return result(
          rule,
          comparator,
          null,
          value,
          championValue,
          true,
          "not compared: champion " + version + " reports no usable " + metric);
    }
    boolean higherIsBetter =
        GateMetrics.direction(metric).orElseThrow() == Direction.HIGHER_IS_BETTER;
    double bound =
        switch (rule.comparator()) {
          case MAX_REGRESSION -> {
            double slack = Math.abs(championValue) * rule.threshold();
            yield higherIsBetter ? championValue - slack : championValue + slack;
          }
          case MIN_DELTA ->
              higherIsBetter ? championValue + rule.threshold() : championValue - rule.threshold();
          default -> throw new IllegalStateException("absolute comparator " + rule.comparator());
        };
    boolean passed = higherIsBetter ? value >= bound : value <= bound;
    return result(
        rule,
        comparator,
        bound,
        value,
        championValue,
        passed,
        metric
            + " "
            + format(value)
            + (passed ? " within " : " beyond ")
            + (higherIsBetter ? ">= " : "<= ")
            + format(bound)
            + " ("
            + comparator
            + ", champion "
            + version
            + " has "
            + format(championValue)
            + ")");
  }

  /**
   * The comparator as a person reads it, e.g. {@code >=} or {@code no worse than champion by 1%}.
   */
  static String describe(Rule rule) {
    return switch (rule.comparator()) {
      case MIN -> ">=";
      case MAX -> "<=";
      case EQUALS -> "==";
      case MAX_REGRESSION -> "no worse than champion by " + format(rule.threshold() * 100) + "%";
      case MIN_DELTA ->
          rule.threshold() >= 0
              ? "better than champion by at least " + format(rule.threshold())
              : "no worse than champion by more than " + format(-rule.threshold());
    };
  }

  private static Double thresholdOf(Rule rule) {
    return rule.comparator().relative() ? null : rule.threshold();
  }

  private static CheckResult result(
      Rule rule,
      String comparator,
      Double threshold,
      Double value,
      Double championValue,
      boolean passed,
      String reason) {
    return new CheckResult(
        rule.name(),
        rule.metric(),
        rule.severity(),
        comparator,
        threshold,
        value,
        championValue,
        passed,
        reason);
  }

  /** Up to 6 significant digits, no exponent for everyday magnitudes. */
  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }
}
