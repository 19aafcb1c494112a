package dev.mlpipe.gatekeeper.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {

  private static final GatePolicy POLICY =
      new GatePolicy(
          List.of(
              new Rule("rmse", Severity.CRITICAL, Comparator.MAX, 0.85),
              new Rule("rmse", Severity.CRITICAL, Comparator.MAX_REGRESSION, 0.01),
              new Rule("ndcg_at_10", Severity.CRITICAL, Comparator.MIN, 0.42),
              new Rule("ndcg_at_10", Severity.CRITICAL, Comparator.MIN_DELTA, -0.01),
              new Rule("model_loads", Severity.CRITICAL, Comparator.EQUALS, 1),
              new Rule("catalogue_coverage", Severity.WARNING, Comparator.MIN, 0.6)),
          VerifyMode.RECOMPUTE,
          1e-6,
          true);

  private static final Map<String, Double> GOOD =
      Map.of("rmse", 0.80, "ndcg_at_10", 0.45, "model_loads", 1.0, "catalogue_coverage", 0.7);

  private static CheckResult check(GateReport report, String name) {
    return report.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.checks()));
  }

  @Test
  void shouldPassACandidateThatMeetsEveryThresholdWithNoChampionYet() {
    GateReport report = GateEvaluator.evaluate(POLICY, GOOD, Optional.empty());

    assertThat(report.passed()).isTrue();
    assertThat(report.checks()).hasSize(6).allMatch(CheckResult::passed);
    assertThat(check(report, "rmse_vs_champion").reason()).isEqualTo("no champion yet");
    assertThat(check(report, "rmse_max"))
        .isEqualTo(
            new CheckResult(
                "rmse_max",
                "rmse",
                Severity.CRITICAL,
                "<=",
                0.85,
                0.80,
                null,
                true,
                "rmse 0.8 meets <= 0.85"));
    assertThat(report.policyHash()).isEqualTo(POLICY.contentHash());
  }

  @Test
  void shouldFailOnACriticalThresholdAndOnlyWarnOnAWarningOne() {
    Map<String, Double> metrics =
        Map.of("rmse", 0.90, "ndcg_at_10", 0.45, "model_loads", 1.0, "catalogue_coverage", 0.2);

    GateReport report = GateEvaluator.evaluate(POLICY, metrics, Optional.empty());

    assertThat(report.passed()).isFalse();
    assertThat(report.blocking()).extracting(CheckResult::name).containsExactly("rmse_max");
    assertThat(report.warnings())
        .extracting(CheckResult::name)
        .containsExactly("catalogue_coverage_min");
    assertThat(check(report, "rmse_max").reason()).isEqualTo("rmse 0.9 violates <= 0.85");
  }

  @Test
  void shouldFailAMissingMetricAsMissingInsteadOfThrowing() {
    Map<String, Double> metrics = Map.of("rmse", 0.80, "model_loads", 1.0);

    GateReport report = GateEvaluator.evaluate(POLICY, metrics, Optional.empty());

    CheckResult ndcg = check(report, "ndcg_at_10_min");
    assertThat(ndcg.passed()).isFalse();
    assertThat(ndcg.candidateValue()).isNull();
    assertThat(ndcg.reason()).isEqualTo("missing: the candidate reports no ndcg_at_10");
    assertThat(report.passed()).isFalse();
  }

  @Test
  void shouldFailACandidateWorseThanTheChampionBeyondTheAllowedRegression() {
    Champion champion = new Champion("v7", Map.of("rmse", 0.78, "ndcg_at_10", 0.47));

    GateReport report = GateEvaluator.evaluate(POLICY, GOOD, Optional.of(champion));

    CheckResult rmse = check(report, "rmse_vs_champion");
    assertThat(rmse.passed()).as("0.80 > 0.78 * 1.01").isFalse();
    assertThat(rmse.threshold()).isCloseTo(0.7878, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(rmse.championValue()).isEqualTo(0.78);
    assertThat(rmse.comparator()).isEqualTo("no worse than champion by 1%");
    assertThat(rmse.reason())
        .isEqualTo(
            "rmse 0.8 beyond <= 0.7878 (no worse than champion by 1%, champion v7 has 0.78)");
    CheckResult ndcg = check(report, "ndcg_at_10_vs_champion");
    assertThat(ndcg.passed()).as("0.45 < 0.47 - 0.01").isFalse();
    assertThat(report.champion()).contains("v7");
  }

  @Test
  void shouldPassRelativeChecksWithinTheAllowedMargin() {
    Champion champion = new Champion("v7", Map.of("rmse", 0.795, "ndcg_at_10", 0.455));

    GateReport report = GateEvaluator.evaluate(POLICY, GOOD, Optional.of(champion));

    assertThat(report.passed()).isTrue();
  }

  @Test
  void shouldNotCompareWhenTheChampionLacksTheMetricOrComparisonIsOff() {
    Champion champion = new Champion("v7", Map.of());
    GateReport noMetric = GateEvaluator.evaluate(POLICY, GOOD, Optional.of(champion));
    assertThat(check(noMetric, "rmse_vs_champion").reason())
        .isEqualTo("not compared: champion v7 reports no usable rmse");

    GatePolicy off = new GatePolicy(POLICY.rules(), VerifyMode.TRUST, 0, false);
    GateReport report =
        GateEvaluator.evaluate(off, GOOD, Optional.of(new Champion("v7", Map.of("rmse", 0.1))));
    assertThat(check(report, "rmse_vs_champion").passed()).isTrue();
  }

  @Test
  void shouldAppendTheCallersExplanationToAFailedCheck() {
    Map<String, Double> metrics = new java.util.HashMap<>(GOOD);
    metrics.put("model_loads", 0.0);

    GateReport report =
        GateEvaluator.evaluate(
            POLICY,
            metrics,
            Optional.empty(),
            List.of(),
            Map.of("model_loads", "artifact abc has sha256 def"));

    assertThat(check(report, "model_loads").reason())
        .isEqualTo("model_loads 0 violates == 1: artifact abc has sha256 def");
  }
}
