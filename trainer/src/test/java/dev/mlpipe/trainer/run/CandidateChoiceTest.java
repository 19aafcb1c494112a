package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.models.eval.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateChoiceTest {

  private static CandidateReport candidate(String name, String metric, double value) {
    return new CandidateReport(name, "recommender-sgd-mf", Map.of(metric, value), 10, false);
  }

  @Test
  void shouldChooseTheLowestRmse() {
    List<CandidateReport> candidates =
        List.of(
            candidate("a", "rmse", 0.9), candidate("b", "rmse", 0.7), candidate("c", "rmse", 0.8));
    assertThat(CandidateChoice.best(Metric.RMSE, candidates)).contains(1);
  }

  @Test
  void shouldChooseTheHighestNdcg() {
    List<CandidateReport> candidates =
        List.of(candidate("a", "ndcg_at_10", 0.1), candidate("b", "ndcg_at_10", 0.3));
    assertThat(CandidateChoice.best(Metric.NDCG_AT_10, candidates)).contains(1);
  }

  @Test
  void shouldKeepTheCandidateListedFirstOnATie() {
    List<CandidateReport> candidates =
        List.of(candidate("baseline", "rmse", 0.8), candidate("challenger", "rmse", 0.8));
    assertThat(CandidateChoice.best(Metric.RMSE, candidates)).contains(0);
  }

  @Test
  void shouldNeverChooseACandidateWithoutAFiniteValue() {
    List<CandidateReport> candidates =
        List.of(
            candidate("nan", "rmse", Double.NaN),
            candidate("other-metric", "mae", 0.1),
            candidate("ok", "rmse", 2.0));
    assertThat(CandidateChoice.best(Metric.RMSE, candidates)).contains(2);
  }

  @Test
  void shouldChooseNoneWhenNoCandidateHasTheMetric() {
    assertThat(CandidateChoice.best(Metric.RMSE, List.of(candidate("a", "mae", 0.5)))).isEmpty();
  }
}
