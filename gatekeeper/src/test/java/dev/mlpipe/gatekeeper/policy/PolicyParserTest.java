package dev.mlpipe.gatekeeper.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.eval.ModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

  private static final GatePolicy RECOMMENDER = DefaultPolicies.forKind(ModelKind.RECOMMENDER);

  private static GatePolicy layered(String yaml) {
    return RECOMMENDER.with(PolicyParser.parse(yaml, "repo@abc"));
  }

  private static Rule rule(GatePolicy policy, String metric, Comparator comparator) {
    return policy.rules().stream()
        .filter(r -> r.metric().equals(metric) && r.comparator() == comparator)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldReplaceTheDefaultRuleWithTheRepositorysOwnThreshold() {
    GatePolicy policy =
        layered(
            """
            critical:
              rmse: {max: 0.85}
              ndcg_at_10: {min: 0.05, minDelta: -0.02}
            warning:
              catalogue_coverage: {min: 0.6}
            """);

    assertThat(rule(policy, "rmse", Comparator.MAX).threshold()).isEqualTo(0.85);
    assertThat(rule(policy, "ndcg_at_10", Comparator.MIN).threshold()).isEqualTo(0.05);
    assertThat(rule(policy, "ndcg_at_10", Comparator.MIN_DELTA).threshold()).isEqualTo(-0.02);
    assertThat(rule(policy, "catalogue_coverage", Comparator.MIN).threshold()).isEqualTo(0.6);
    assertThat(rule(policy, "precision_at_10", Comparator.MIN))
        .as("untouched defaults stay")
        .isEqualTo(rule(RECOMMENDER, "precision_at_10", Comparator.MIN));
  }

  @Test
  void shouldAcceptTheSectionWrappedInItsGatesKeyAndTheTrainersCompareToChampionFlag() {
    GatePolicy policy =
        layered(
            """
            gates:
              critical:
                rmse: {max: 0.9}
              compareToChampion: false
              verify: trust
              tolerance: 0.001
            """);

    assertThat(policy.compareToChampion()).isFalse();
    assertThat(policy.verify()).isEqualTo(VerifyMode.TRUST);
    assertThat(policy.tolerance()).isEqualTo(0.001);
  }

  @Test
  void shouldDropADefaultRuleSetToNull() {
    GatePolicy policy = layered("critical:\n  latency_p95_ms: {max: null}\n");

    assertThat(policy.rules()).noneMatch(r -> r.metric().equals("latency_p95_ms"));
  }

  @Test
  void shouldMoveADefaultCheckToWarningWhenTheRepositoryListsItThere() {
    GatePolicy policy = layered("warning:\n  rmse: {max: 0.8}\n");

    assertThat(rule(policy, "rmse", Comparator.MAX).severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void shouldLetARepositoryChooseTheOtherKindOfChampionComparison() {
    GatePolicy policy = layered("critical:\n  rmse: {minDelta: 0}\n");

    assertThat(policy.rules())
        .filteredOn(r -> r.metric().equals("rmse") && r.comparator().relative())
        .extracting(Rule::comparator)
        .containsExactly(Comparator.MIN_DELTA);
  }

  @Test
  void shouldReadEqualsTrueAsOne() {
    GatePolicy policy = layered("critical:\n  model_loads: {equals: true}\n");

    assertThat(rule(policy, "model_loads", Comparator.EQUALS).threshold()).isEqualTo(1.0);
  }

  @Test
  void shouldNameTheKeyPathOfEveryProblem() {
    assertThatThrownBy(
            () ->
                PolicyParser.parse(
                    """
                    critical:
                      rmse: {below: 0.9}
                      accuracy: {min: 0.8}
                      ndcg_at_10: {min: high}
                      model_loads: {max: 1}
                    verify: sometimes
                    trheshold: 3
                    """,
                    "repo@abc"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(6)
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("gates.critical.rmse.below: unknown comparator"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("gates.critical.accuracy: unknown metric"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "gates.critical.ndcg_at_10.min: must be a number (or null to"
                                        + " drop the default), was 'high'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "gates.critical.model_loads.max: model_loads is a flag; only"
                                        + " equals applies"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "gates.verify: must be recompute or trust, was 'sometimes'"))
                    .anySatisfy(p -> assertThat(p).startsWith("gates.trheshold: unknown key")))
        .hasMessageStartingWith("invalid gate policy repo@abc (6 problems)");
  }

  @Test
  void shouldRefuseAMetricInBothSeveritiesAndTwoChampionComparisons() {
    assertThatThrownBy(
            () ->
                PolicyParser.parse(
                    """
                    critical:
                      rmse: {max: 0.9, maxRegression: 0.01, minDelta: 0}
                    warning:
                      rmse: {max: 0.8}
                    """,
                    "repo@abc"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "gates.critical.rmse.minDelta: one comparison with the champion per"
                            + " metric; keep maxRegression or minDelta",
                        "gates.warning.rmse.max: already set at gates.critical.rmse.max; keep"
                            + " one"));
  }

  @Test
  void shouldNameTheLineOfYamlThatDoesNotParse() {
    assertThatThrownBy(() -> PolicyParser.parse("critical:\n  rmse: {max: 0.9\n", "repo@abc"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("gates: not valid YAML at line");
  }

  @Test
  void shouldTreatBlankTextAsNoChange() {
    assertThat(RECOMMENDER.with(PolicyParser.parse("  \n", "repo@abc"))).isEqualTo(RECOMMENDER);
    assertThat(RECOMMENDER.with(PolicyParser.parse(null, "repo@abc"))).isEqualTo(RECOMMENDER);
  }

  @Test
  void shouldHashTheSamePolicyTheSameWayWhateverItsLayoutAndChangeTheHashWithAThreshold() {
    GatePolicy a = layered("critical:\n  rmse: {max: 0.85}\n  ndcg_at_10: {min: 0.05}\n");
    GatePolicy b = layered("critical: {ndcg_at_10: {min: 5.0e-2}, rmse: {max: 0.850}}");
    GatePolicy c = layered("critical:\n  rmse: {max: 0.86}\n  ndcg_at_10: {min: 0.05}\n");

    assertThat(a.contentHash()).isEqualTo(b.contentHash()).hasSize(64);
    assertThat(c.contentHash()).isNotEqualTo(a.contentHash());
  }

  @Test
  void shouldGiveEveryKindDefaultsThatIncludeModelLoads() {
    for (ModelKind kind : ModelKind.values()) {
      assertThat(DefaultPolicies.forKind(kind).rules())
          .extracting(Rule::name)
          .contains("model_loads");
    }
    assertThat(DefaultPolicies.kindOfRecipe("classifier-mlp")).contains(ModelKind.CLASSIFIER);
    assertThat(DefaultPolicies.kindOfRecipe("svd")).isEmpty();
    assertThat(List.of(RECOMMENDER.verify())).containsExactly(VerifyMode.RECOMPUTE);
  }
}
