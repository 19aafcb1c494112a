package dev.mlpipe.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.data.Split;
import dev.mlpipe.models.data.Splits;
import dev.mlpipe.models.eval.LatencyProbe;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.eval.RecommenderMetrics;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.Recipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdMatrixFactorizationTest {

  private static final Split SPLIT =
      Splits.random(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 1), 0.2, 42);
  private static final SgdMfConfig RANK_10 = new SgdMfConfig(10, 30, 0.01, 0.05, 0.1, 42);

  @Test
  void shouldBeatTheGlobalMeanClearlyAndReachRmseBelow075OnThe100kShape() throws Exception {
    List<EpochProgress> progress = new ArrayList<>();
    FactorModel model = new SgdMatrixFactorization(RANK_10).train(SPLIT.train(), progress::add);

    RecommenderMetrics metrics =
        RecommenderEvaluator.evaluate(model, SPLIT.train(), SPLIT.holdout());
    double globalMeanRmse = globalMeanRmse(SPLIT.train(), SPLIT.holdout());

    assertThat(metrics.rmse()).isLessThan(0.75).isLessThan(globalMeanRmse - 0.2);
    assertThat(metrics.mae()).isLessThan(metrics.rmse());
    assertThat(metrics.ndcgAt10()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    assertThat(metrics.precisionAt10()).isGreaterThan(0.0);
    assertThat(metrics.recallAt10()).isGreaterThan(0.0);
    assertThat(metrics.catalogueCoverage()).isBetween(0.0, 1.0);
    assertThat(metrics.intraListDiversity()).isBetween(0.0, 2.0);
    assertThat(progress).hasSize(30);
    assertThat(progress.get(29).trainRmse()).isLessThan(progress.get(0).trainRmse());
  }

  @Test
  void shouldGiveTheSameMetricsForTheSameDataSettingsAndSeed() throws Exception {
    SgdMfConfig quick = new SgdMfConfig(10, 5, 0.01, 0.05, 0.1, 7);

    RecommenderMetrics first =
        RecommenderEvaluator.evaluate(
            new SgdMatrixFactorization(quick).train(SPLIT.train()), SPLIT.train(), SPLIT.holdout());
    RecommenderMetrics second =
        RecommenderEvaluator.evaluate(
            new SgdMatrixFactorization(quick).train(SPLIT.train()), SPLIT.train(), SPLIT.holdout());
    RecommenderMetrics otherSeed =
        RecommenderEvaluator.evaluate(
            new SgdMatrixFactorization(new SgdMfConfig(10, 5, 0.01, 0.05, 0.1, 8))
                .train(SPLIT.train()),
            SPLIT.train(),
            SPLIT.holdout());

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed.rmse()).isNotEqualTo(first.rmse());
  }

  @Test
  void shouldFallBackToBiasesForUsersAndItemsNotSeenInTraining() throws Exception {
    FactorModel model =
        new SgdMatrixFactorization(new SgdMfConfig(4, 2, 0.01, 0.05, 0.1, 1)).train(SPLIT.train());

    assertThat(model.predict(999_999, 888_888)).isEqualTo(model.globalMean());
    assertThat(model.predict(1, 888_888)).isBetween(model.minRating(), model.maxRating());
    assertThat(model.itemEmbedding(888_888)).isNull();
    assertThat(model.itemEmbedding(model.catalogue()[0])).hasSize(4);
  }

  @Test
  void shouldFailWithAnActionableReasonWhenTrainingDiverges() {
    SgdMfConfig reckless = new SgdMfConfig(10, 20, 1.0, 0.0, 1.0, 1);

    assertThatThrownBy(() -> new SgdMatrixFactorization(reckless).train(SPLIT.train()))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("diverged at epoch")
        .hasMessageContaining("lower learningRate (now 1.0)");
  }

  @Test
  void shouldTakeItsSettingsFromTheSpecsHyperParameters() {
    SgdMfConfig config = SgdMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_SGD_MF), 9);

    assertThat(config).isEqualTo(new SgdMfConfig(10, 30, 0.01, 0.05, 0.1, 9));
    assertThatThrownBy(() -> SgdMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_MF), 9))
        .hasMessageContaining("given to recommender-sgd-mf");
  }

  @Test
  void shouldScoreASinglePredictionWellUnderAMillisecond() throws Exception {
    FactorModel model = new SgdMatrixFactorization(RANK_10).train(SPLIT.train());

    assertThat(LatencyProbe.measure(model, SPLIT.holdout(), 5000).calls()).isEqualTo(5000);
  }

  private static double globalMeanRmse(RatingTable train, RatingTable holdout) {
    double mean = train.meanRating();
    double squared = 0;
    for (int row = 0; row < holdout.size(); row++) {
      double err = holdout.rating(row) - mean;
      squared += err * err;
    }
    return Math.sqrt(squared / holdout.size());
  }
}
