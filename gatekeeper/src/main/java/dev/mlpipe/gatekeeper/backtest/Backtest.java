package dev.mlpipe.gatekeeper.backtest;

import dev.mlpipe.gatekeeper.policy.Champion;
import dev.mlpipe.gatekeeper.policy.CheckResult;
import dev.mlpipe.gatekeeper.policy.DefaultPolicies;
import dev.mlpipe.gatekeeper.policy.GateEvaluator;
import dev.mlpipe.gatekeeper.policy.GateMetrics;
import dev.mlpipe.gatekeeper.policy.GatePolicy;
import dev.mlpipe.gatekeeper.policy.GateReport;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.policy.Severity;
import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.schemas.CheckSeverity;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.TrainingFinished;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays past candidates through a proposed policy. The proposed policy takes the place of each
 * candidate's repository {@code gates:} (the kind's defaults and the environment's layer stay under
 * it). Nothing is re-read or re-computed: each candidate is judged on the metrics its old verdict
 * judged (re-computed values and {@code model_loads} included), against the champion its old report
 * names with the champion values it recorded, and the old verification checks ({@code
 * *_recomputed}) are carried over unchanged.
 */
public final class Backtest {

  private final PolicyOverlay environment;
  private final PolicyOverlay proposed;

  /**
   * @param environment the environment's layer, as the gatekeeper runs with it
   * @param proposed the policy to try
   */
  public Backtest(PolicyOverlay environment, PolicyOverlay proposed) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.proposed = Objects.requireNonNull(proposed, "proposed");
  }

  /** One row per candidate, in the given order. */
  public List<BacktestRow> run(
      List<TrainingFinished> history, Map<String, PastVerdict> verdictsByCandidate) {
    List<BacktestRow> rows = new ArrayList<>();
    for (TrainingFinished candidate : history) {
      rows.add(replay(candidate, verdictsByCandidate.get(keyOf(candidate))));
    }
    return rows;
  }

  /** How candidates and past verdicts are matched: {@code model@version}. */
  public static String keyOf(TrainingFinished candidate) {
    return candidate.getModel() + "@" + candidate.getVersion();
  }

  BacktestRow replay(TrainingFinished candidate, PastVerdict past) {
    Optional<ModelKind> kind = DefaultPolicies.kindOfRecipe(candidate.getRecipe());
    List<CheckResult> newChecks;
    boolean newPassed;
    if (kind.isEmpty()) {
      newChecks =
          List.of(
              new CheckResult(
                  "policy",
                  "policy",
                  Severity.CRITICAL,
                  "valid",
                  null,
                  null,
                  null,
                  false,
                  "recipe '" + candidate.getRecipe() + "' is of no known model kind"));
      newPassed = false;
    } else {
      GatePolicy policy = DefaultPolicies.forKind(kind.get()).with(environment).with(proposed);
      Map<String, Double> metrics = new LinkedHashMap<>(candidate.getMetrics());
      metrics.put(GateMetrics.SIZE_BYTES, (double) candidate.getArtifact().getSizeBytes());
      metrics.put(GateMetrics.TRAINING_SECONDS, candidate.getTrainingMillis() / 1000.0);
      metrics.put(GateMetrics.MODEL_LOADS, 1.0);
      List<CheckResult> carried = new ArrayList<>();
      Optional<Champion> champion = Optional.empty();
      if (past != null) {
        metrics.putAll(past.metrics());
        Map<String, Double> championValues = new HashMap<>();
        for (GateCheck check : past.report().getChecks()) {
          if (check.getChampionValue() != null) {
            championValues.put(check.getMetric(), check.getChampionValue());
          }
          if (check.getName().endsWith("_recomputed")) {
            carried.add(fromAvro(check));
          }
        }
        String version = past.report().getChampionVersion();
        champion = Optional.ofNullable(version).map(v -> new Champion(v, championValues));
      }
      GateReport report = GateEvaluator.evaluate(policy, metrics, champion, carried, Map.of());
      newChecks = report.checks();
      newPassed = report.passed();
    }
    return new BacktestRow(
        candidate.getModel(),
        candidate.getVersion(),
        candidate.getMeta().getOccurredAt(),
        Optional.ofNullable(past).map(PastVerdict::passed),
        newPassed,
        flips(past, newChecks));
  }

  private static List<Flip> flips(PastVerdict past, List<CheckResult> newChecks) {
    Map<String, GateCheck> before = new LinkedHashMap<>();
    if (past != null) {
      past.report().getChecks().forEach(c -> before.put(c.getName(), c));
    }
    List<Flip> flips = new ArrayList<>();
    for (CheckResult now : newChecks) {
      GateCheck then = before.remove(now.name());
      if (then == null) {
        if (!now.passed() && past != null) {
          flips.add(new Flip(now.name(), null, false, now.reason()));
        }
      } else if (then.getPassed() != now.passed()) {
        flips.add(new Flip(now.name(), then.getPassed(), now.passed(), now.reason()));
      }
    }
    for (GateCheck dropped : before.values()) {
      if (!dropped.getPassed()) {
        flips.add(new Flip(dropped.getName(), false, null, dropped.getReason()));
      }
    }
    return flips;
  }

  private static CheckResult fromAvro(GateCheck check) {
    return new CheckResult(
        check.getName(),
        check.getMetric(),
        check.getSeverity() == CheckSeverity.CRITICAL ? Severity.CRITICAL : Severity.WARNING,
        check.getComparator(),
        check.getThreshold(),
        check.getCandidateValue(),
        check.getChampionValue(),
        check.getPassed(),
        check.getReason());
  }
}
