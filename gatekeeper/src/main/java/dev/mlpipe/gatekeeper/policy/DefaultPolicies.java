package dev.mlpipe.gatekeeper.policy;

import static dev.mlpipe.gatekeeper.policy.Comparator.EQUALS;
import static dev.mlpipe.gatekeeper.policy.Comparator.MAX;
import static dev.mlpipe.gatekeeper.policy.Comparator.MAX_REGRESSION;
import static dev.mlpipe.gatekeeper.policy.Comparator.MIN;
import static dev.mlpipe.gatekeeper.policy.Comparator.MIN_DELTA;
import static dev.mlpipe.gatekeeper.policy.Severity.CRITICAL;
import static dev.mlpipe.gatekeeper.policy.Severity.WARNING;

import dev.mlpipe.models.eval.ModelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy every candidate of a kind is judged by before its repository's {@code gates:} and the
 * environment's overrides are laid over it. The values are documented (with the reasoning) in
 * gatekeeper/POLICY.md; change both together.
 */
public final class DefaultPolicies {

  /** Re-computed metrics may differ from the reported ones by this much (relative, see policy). */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  private static final double GIB = 1024.0 * 1024 * 1024;

  private DefaultPolicies() {}

  /** The defaults of a model kind. */
  public static GatePolicy forKind(ModelKind kind) {
    List<Rule> rules = new ArrayList<>(common());
    switch (kind) {
      case RECOMMENDER -> {
        rules.add(new Rule("rmse", CRITICAL, MAX, 0.9));
        rules.add(new Rule("precision_at_10", CRITICAL, MIN, 0.02));
        rules.add(new Rule("ndcg_at_10", CRITICAL, MIN, 0.02));
        rules.add(new Rule("rmse", CRITICAL, MAX_REGRESSION, 0.01));
        rules.add(new Rule("ndcg_at_10", CRITICAL, MIN_DELTA, -0.01));
        rules.add(new Rule("intra_list_diversity", WARNING, MIN, 0.5));
        rules.add(new Rule("catalogue_coverage", WARNING, MIN, 0.1));
      }
      case CLASSIFIER -> {
        // F1 and PR AUC depend on the share of positives (0.5 % fraud vs 26 % churn), so only
        // the threshold-free ROC AUC is critical by default; a repository sets its own bars.
        rules.add(new Rule("roc_auc", CRITICAL, MIN, 0.7));
        rules.add(new Rule("roc_auc", CRITICAL, MIN_DELTA, -0.01));
        rules.add(new Rule("pr_auc", CRITICAL, MIN_DELTA, -0.02));
        rules.add(new Rule("f1", WARNING, MIN, 0.5));
        rules.add(new Rule("pr_auc", WARNING, MIN, 0.3));
      }
      case REGRESSOR -> {
        rules.add(new Rule("r2", CRITICAL, MIN, 0.5));
        rules.add(new Rule("rmse", CRITICAL, MAX_REGRESSION, 0.01));
        rules.add(new Rule("r2", CRITICAL, MIN_DELTA, -0.01));
      }
    }
    return new GatePolicy(rules, VerifyMode.RECOMPUTE, DEFAULT_TOLERANCE, true);
  }

  /**
   * The kind of model a recipe makes, from the recipe id's prefix ({@code recommender-sgd-mf} is a
   * recommender); empty for a recipe of no known kind.
   */
  public static Optional<ModelKind> kindOfRecipe(String recipe) {
    for (ModelKind kind : ModelKind.values()) {
      if (recipe.startsWith(kind.name().toLowerCase(java.util.Locale.ROOT) + "-")) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  private static List<Rule> common() {
    return List.of(
        new Rule(GateMetrics.MODEL_LOADS, CRITICAL, EQUALS, 1),
        new Rule("latency_p95_ms", CRITICAL, MAX, 50),
        new Rule(GateMetrics.SIZE_BYTES, WARNING, MAX, GIB),
        new Rule(GateMetrics.TRAINING_SECONDS, WARNING, MAX, 7200));
  }
}
