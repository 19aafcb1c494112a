package dev.mlpipe.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.eval.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingSpecParserTest {

  private static final String FULL =
      """
      model: movielens-recsys
      seed: 7
      data:
        generate:
          shape: movielens-100k
          seed: 11
      split:
        kind: time
        holdout: 0.1
      candidates:
        - name: baseline
          recipe: recommender-sgd-mf
          hyperParameters:
            rank: 12
            learningRate: 0.02
        - recipe: recommender-mf
      primaryMetric: ndcg_at_10
      gates:
        critical:
          rmse: {max: 0.9}
        compareToChampion: true
      """;

  @Test
  void shouldParseEveryPartOfAFullSpec() throws Exception {
    TrainingSpec spec = TrainingSpecParser.parse(FULL, "mlpipe.yaml");

    assertThat(spec.model()).isEqualTo("movielens-recsys");
    assertThat(spec.seed()).isEqualTo(7);
    assertThat(spec.data())
        .isEqualTo(new DataSourceSpec.Generated(GeneratedShape.MOVIELENS_100K, 11));
    assertThat(spec.split()).isEqualTo(new SplitSpec(SplitKind.TIME, 0.1, 7));
    assertThat(spec.candidates())
        .extracting(CandidateSpec::name)
        .containsExactly("baseline", "recommender-mf");
    CandidateSpec baseline = spec.candidate("baseline");
    assertThat(baseline.recipe()).isEqualTo(Recipe.RECOMMENDER_SGD_MF);
    assertThat(baseline.hyperParameters().intValue("rank")).isEqualTo(12);
    assertThat(baseline.hyperParameters().doubleValue("learningRate")).isEqualTo(0.02);
    assertThat(baseline.hyperParameters().intValue("epochs"))
        .as("left out, so the recipe's default")
        .isEqualTo(30);
    assertThat(baseline.hyperParameters().asStrings()).containsEntry("rank", "12");
    assertThat(spec.primaryMetric()).isEqualTo(Metric.NDCG_AT_10);
    assertThat(spec.gates()).containsEntry("compareToChampion", true);
    assertThat(spec.gates().get("critical")).isEqualTo(Map.of("rmse", Map.of("max", 0.9)));
  }

  @Test
  void shouldDefaultSplitSeedAndMetricForASingleRecipeSpec() throws Exception {
    TrainingSpec spec =
        TrainingSpecParser.parse(
            """
            model: m1
            recipe: recommender-sgd-mf
            hyperParameters: {rank: 10}
            data:
              file: {path: data/u.data, format: movielens-100k}
            """,
            "mlpipe.yaml");

    assertThat(spec.seed()).isEqualTo(TrainingSpecParser.DEFAULT_SEED);
    assertThat(spec.split())
        .isEqualTo(
            new SplitSpec(
                SplitKind.RANDOM,
                TrainingSpecParser.DEFAULT_HOLDOUT,
                TrainingSpecParser.DEFAULT_SEED));
    assertThat(spec.data())
        .isEqualTo(
            new DataSourceSpec.File(
                "data/u.data",
                RatingsFormat.MOVIELENS_100K,
                TrainingSpecParser.DEFAULT_MAX_BAD_ROW_SHARE));
    assertThat(spec.candidates())
        .singleElement()
        .extracting(CandidateSpec::name)
        .isEqualTo("recommender-sgd-mf");
    assertThat(spec.primaryMetric()).isEqualTo(Metric.RMSE);
    assertThat(spec.gates()).isEmpty();
  }

  @Test
  void shouldNameTheKeyPathAndKnownRecipesWhenACandidateRecipeIsUnknown() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    """
                    model: m1
                    data: {generate: {shape: movielens-100k}}
                    candidates:
                      - recipe: recommender-mf
                      - recipe: svd
                    """,
                    "repo@abc123"))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "candidates[1].recipe: unknown recipe 'svd'; known: recommender-mf,"
                            + " recommender-ncf, recommender-sgd-mf, classifier-mlp,"
                            + " regressor-mlp"))
        .hasMessageContaining("repo@abc123");
  }

  @Test
  void shouldReportEveryProblemOfABrokenSpecAtOnce() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    """
                    model: "bad name!"
                    seed: twelve
                    colour: blue
                    data:
                      generate: {shape: movielens-5k}
                    split: {kind: sideways, holdout: 1.5}
                    candidates:
                      - name: a
                        recipe: recommender-sgd-mf
                        hyperParameters: {rank: 2.5, epochs: 0, momentum: 0.9}
                      - name: a
                        recipe: recommender-mf
                    primaryMetric: roc_auc
                    """,
                    "mlpipe.yaml"))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "colour: unknown key; known: model, seed, recipe, hyperParameters, data,"
                            + " split, candidates, primaryMetric, gates",
                        "seed: expected an integer, got string 'twelve'",
                        "data.generate.shape: unknown shape 'movielens-5k'; known: movielens-100k,"
                            + " movielens-1m, fraud, churn, taxi",
                        "split.kind: unknown split 'sideways'; known: random, time",
                        "split.holdout: 1.5 is not in [0.0, 1.0]",
                        "candidates[0].hyperParameters.rank: expected an integer in [1, 1024],"
                            + " got 2.5",
                        "candidates[0].hyperParameters.epochs: 0 is not an integer in [1, 10000]",
                        "candidates[1].name: duplicate candidate name 'a'; give each candidate a"
                            + " name")
                    .anySatisfy(p -> assertThat(p).startsWith("model: 'bad name!' is not a valid"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "candidates[0].hyperParameters.momentum: not a hyper-parameter"
                                        + " of recipe recommender-sgd-mf")));
  }

  @Test
  void shouldRejectAMetricThatDoesNotFitTheRecipe() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    """
                    model: m1
                    recipe: recommender-mf
                    data: {generate: {shape: movielens-100k}}
                    primaryMetric: roc_auc
                    """,
                    "mlpipe.yaml"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "primaryMetric: roc_auc does not apply to candidate recommender-mf (recipe"
                + " recommender-mf makes a recommender)");
  }

  @Test
  void shouldRequireModelDataAndARecipe() {
    assertThatThrownBy(() -> TrainingSpecParser.parse("seed: 1\n", "mlpipe.yaml"))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "model: missing",
                        "data: missing; give data.generate (shape, seed) or data.file (path,"
                            + " format)",
                        "recipe: missing; name a recipe (known: "
                            + Recipe.knownIds()
                            + ") or list candidates"));
  }

  @Test
  void shouldRejectBothDataSourcesAndTopLevelRecipeBesideCandidates() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    """
                    model: m1
                    recipe: recommender-mf
                    data:
                      generate: {shape: movielens-100k}
                      file: {path: u.data, format: movielens-100k}
                    candidates: [{recipe: recommender-mf}]
                    """,
                    "mlpipe.yaml"))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "data: give exactly one of data.generate (shape, seed) or data.file (path,"
                            + " format)",
                        "candidates: give either recipe and hyperParameters at the top level or a"
                            + " candidates list, not both"));
  }

  @Test
  void shouldReportYamlSyntaxErrorsWithTheirLine() {
    assertThatThrownBy(
            () -> TrainingSpecParser.parse("model: m1\ndata: [unclosed\n", "mlpipe.yaml"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("(document): not valid YAML at line");
  }

  @Test
  void shouldRejectDuplicateKeys() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m1\nmodel: m2\nrecipe: recommender-mf\n"
                        + "data: {generate: {shape: movielens-100k}}\n",
                    "mlpipe.yaml"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("Duplicate field 'model'");
  }

  @Test
  void shouldRejectAnEmptyDocument() {
    assertThatThrownBy(() -> TrainingSpecParser.parse("", "mlpipe.yaml"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("(document): empty");
  }

  @Test
  void shouldKeepRecordsValidWhenBuiltDirectly() {
    assertThatThrownBy(() -> new SplitSpec(SplitKind.RANDOM, 0.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("split.holdout");
    assertThatThrownBy(
            () ->
                new HyperParameters(Recipe.RECOMMENDER_SGD_MF, Map.of("rank", 10.0, "epochs", 5.0)))
        .hasMessageContaining("missing for recipe recommender-sgd-mf");
    assertThat(List.of(HyperParameters.defaults(Recipe.RECOMMENDER_MF).values().keySet()))
        .isNotEmpty();
  }
}
