package dev.mlpipe.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.data.Split;
import dev.mlpipe.models.data.Splits;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.eval.RecommenderMetrics;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.Recipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Dl4jMatrixFactorizationTest {

  private static final Split SPLIT =
      Splits.random(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 1), 0.2, 42);

  @Test
  void shouldLearnFactorsThatBeatBiasesOnlyAndServeThemFromPlainJava() throws Exception {
    Dl4jMfConfig config = Dl4jMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_MF), 42);
    List<EpochProgress> progress = new ArrayList<>();
    FactorModel model = new Dl4jMatrixFactorization(config).train(SPLIT.train(), progress::add);

    RecommenderMetrics metrics =
        RecommenderEvaluator.evaluate(model, SPLIT.train(), SPLIT.holdout());

    // The global mean scores about 0.98 on this shape and the biases alone about 0.83.
    assertThat(metrics.rmse()).isLessThan(0.72);
    assertThat(model.rank()).isEqualTo(config.rank());
    assertThat(model.users()).hasSize(SPLIT.train().distinctUsers());
    assertThat(progress).hasSize(config.epochs());
    assertThat(progress.get(config.epochs() - 1).trainRmse())
        .isLessThan(progress.get(0).trainRmse());
  }

  @Test
  void shouldGiveTheSameMetricsForTheSameDataSettingsAndSeed() throws Exception {
    RecommenderMetrics first = metrics(new Dl4jMfConfig(8, 2, 0.02, 0.0, 4096, 7));
    RecommenderMetrics second = metrics(new Dl4jMfConfig(8, 2, 0.02, 0.0, 4096, 7));
    RecommenderMetrics otherSeed = metrics(new Dl4jMfConfig(8, 2, 0.02, 0.0, 4096, 8));

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed.rmse()).isNotEqualTo(first.rmse());
  }

  @Test
  void shouldFailWithAnActionableReasonWhenTheLossIsNotFinite() {
    RatingTable.Builder overflowing = RatingTable.builder();
    for (int row = 0; row < 64; row++) {
      overflowing.add(row % 8, row / 8, row % 2 == 0 ? 3e38f : -3e38f, row);
    }
    Dl4jMfConfig config = new Dl4jMfConfig(4, 3, 0.01, 0.0, 16, 1);

    assertThatThrownBy(() -> new Dl4jMatrixFactorization(config).train(overflowing.build()))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("diverged at epoch 1 of 3")
        .hasMessageContaining("lower learningRate (now 0.01)");
  }

  @Test
  void shouldTakeItsSettingsFromTheSpecsHyperParameters() {
    HyperParameters defaults = HyperParameters.defaults(Recipe.RECOMMENDER_MF);

    assertThat(Dl4jMfConfig.from(defaults, 9).seed()).isEqualTo(9);
    assertThat(Dl4jMfConfig.from(defaults, 9).rank()).isEqualTo(defaults.intValue("rank"));
    assertThatThrownBy(
            () -> Dl4jMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_SGD_MF), 9))
        .hasMessageContaining("given to recommender-mf");
    assertThatThrownBy(() -> new Dl4jMfConfig(10, 5, 0.01, 0.0, 0, 1))
        .hasMessageContaining("batchSize 0");
  }

  private static RecommenderMetrics metrics(Dl4jMfConfig config) throws Exception {
    FactorModel model = new Dl4jMatrixFactorization(config).train(SPLIT.train());
    return RecommenderEvaluator.evaluate(model, SPLIT.train(), SPLIT.holdout());
  }
}
