package dev.mlpipe.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.models.data.RatingTable;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommenderEvaluatorTest {

  /** Scores every item by its id; items 2 and 3 point one way, 4 and 5 the other. */
  private static class ScoreIsItemId implements RecommenderModel {
    private final boolean embeddings;

    ScoreIsItemId(boolean embeddings) {
      this.embeddings = embeddings;
    }

    @Override
    public double predict(int userId, int itemId) {
      return itemId;
    }

    @Override
    public int[] catalogue() {
      return new int[] {1, 2, 3, 4, 5};
    }

    @Override
    public int[] users() {
      return new int[] {1, 2};
    }

    @Override
    public double[] itemEmbedding(int itemId) {
      if (!embeddings) {
        return null;
      }
      return itemId <= 3 ? new double[] {1, 0} : new double[] {0, 2};
    }
  }

  private static final RatingTable TRAIN =
      RatingTable.of(new int[] {1}, new int[] {1}, new float[] {4}, new long[] {1});
  private static final RatingTable HOLDOUT =
      RatingTable.of(
          new int[] {1, 1, 2, 9},
          new int[] {2, 3, 5, 4},
          new float[] {5, 2, 3, 4},
          new long[] {2, 3, 4, 5});

  @Test
  void shouldComputeRatingErrorAndTopTenMetricsByHand() {
    RecommenderMetrics m = RecommenderEvaluator.evaluate(new ScoreIsItemId(true), TRAIN, HOLDOUT);

    // errors: 5-2, 2-3, 3-5, 4-4
    assertThat(m.rmse()).isCloseTo(Math.sqrt((9 + 1 + 4 + 0) / 4.0), within(1e-12));
    assertThat(m.mae()).isCloseTo((3 + 1 + 2 + 0) / 4.0, within(1e-12));
    // Only user 1 has a relevant held-out item the model can rank (user 2's rating is 3, user 9
    // is unknown). Its list, without item 1 seen in training: 5, 4, 3, 2; item 2 is 4th.
    assertThat(m.rankedUsers()).isEqualTo(1);
    assertThat(m.precisionAt10()).isCloseTo(0.1, within(1e-12));
    assertThat(m.recallAt10()).isCloseTo(1.0, within(1e-12));
    assertThat(m.ndcgAt10()).isCloseTo(1.0 / (Math.log(5) / Math.log(2)), within(1e-12));
    assertThat(m.catalogueCoverage()).isCloseTo(4.0 / 5, within(1e-12));
    // pairs (5,4) and (3,2) are parallel, the other four orthogonal: mean cosine 2/6.
    assertThat(m.intraListDiversity()).isCloseTo(1 - 2.0 / 6, within(1e-12));
    assertThat(m.asMap())
        .containsOnlyKeys(
            "rmse",
            "mae",
            "precision_at_10",
            "recall_at_10",
            "ndcg_at_10",
            "catalogue_coverage",
            "intra_list_diversity");
  }

  @Test
  void shouldLeaveDiversityOutForAModelWithoutEmbeddings() {
    RecommenderMetrics m = RecommenderEvaluator.evaluate(new ScoreIsItemId(false), TRAIN, HOLDOUT);

    assertThat(m.intraListDiversity()).isNaN();
    assertThat(m.asMap()).doesNotContainKey("intra_list_diversity").containsKey("ndcg_at_10");
  }

  @Test
  void shouldBreakScoreTiesTowardsTheLowerItemId() {
    RecommenderModel flat =
        new ScoreIsItemId(false) {
          @Override
          public double predict(int userId, int itemId) {
            return itemId >= 4 ? 1 : 2;
          }
        };

    assertThat(RecommenderEvaluator.recommend(flat, 1, Set.of(2), 3)).containsExactly(1, 3, 4);
  }

  @Test
  void shouldReportOrderedLatencyPercentilesOverAtLeastAThousandCalls() {
    Latency latency = LatencyProbe.measure(new ScoreIsItemId(false), HOLDOUT, 2000);

    assertThat(latency.calls()).isEqualTo(2000);
    assertThat(latency.p50Ms()).isLessThanOrEqualTo(latency.p95Ms());
    assertThat(latency.p95Ms()).isLessThanOrEqualTo(latency.p99Ms());
    assertThat(latency.asMap())
        .containsOnlyKeys("latency_p50_ms", "latency_p95_ms", "latency_p99_ms");
    assertThat(LatencyProbe.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95))
        .isEqualTo(10);
    assertThat(LatencyProbe.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5))
        .isEqualTo(5);
  }

  @Test
  void shouldJudgeBetterByTheMetricsDirection() {
    assertThat(Metric.RMSE.isBetter(0.7, 0.8)).isTrue();
    assertThat(Metric.NDCG_AT_10.isBetter(0.7, 0.8)).isFalse();
    assertThat(Metric.byKey("ndcg_at_10")).contains(Metric.NDCG_AT_10);
  }
}
