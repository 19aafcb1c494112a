package dev.mlpipe.gatekeeper.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.gatekeeper.TestCandidates;
import dev.mlpipe.gatekeeper.policy.Champion;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.policy.PolicyParser;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verdict.Verdict;
import dev.mlpipe.gatekeeper.verify.ArtifactVerifier;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {

  @TempDir Path dir;

  private TestCandidates candidates;
  private Gate gate;

  @BeforeEach
  void setUp() {
    candidates = new TestCandidates(dir);
    gate =
        new Gate(
            PolicyOverlay.empty(),
            new ArtifactVerifier(candidates.store()),
            new EventMetas("gatekeeper@test", Clock.systemUTC()));
  }

  private static PastVerdict past(Verdict verdict) {
    return verdict.passed()
        ? PastVerdict.of((ValidationPassed) verdict.event())
        : PastVerdict.of((ValidationFailed) verdict.event());
  }

  @Test
  void shouldShowTheCandidatesAStricterThresholdWouldHaveFailedAndTheCheckThatFlips() {
    TrainingFinished v1 = candidates.finished("v1", null);
    Map<String, Double> weak = new HashMap<>(candidates.honestMetrics());
    weak.put("ndcg_at_10", 0.01);
    TrainingFinished v2 = candidates.finished("v2", weak, null);
    Map<String, PastVerdict> verdicts =
        Map.of(
            "movie-recommender@v1", past(gate.judge(v1, Optional.empty())),
            "movie-recommender@v2", past(gate.judge(v2, Optional.empty())));
    PolicyOverlay proposed =
        PolicyParser.parse(
            "critical:\n  rmse: {max: " + candidates.rmse() / 2 + "}\n  ndcg_at_10: {min: 0.005}\n",
            "proposal.yaml");

    List<BacktestRow> rows =
        new Backtest(PolicyOverlay.empty(), proposed).run(List.of(v1, v2), verdicts);

    assertThat(rows.get(0).oldPassed()).contains(true);
    assertThat(rows.get(0).newPassed()).isFalse();
    assertThat(rows.get(0).flips())
        .extracting(Flip::summary)
        .containsExactly("rmse_max passed->FAILED");
    assertThat(rows.get(1).oldPassed()).contains(false);
    assertThat(rows.get(1).flips())
        .extracting(Flip::summary)
        .containsExactlyInAnyOrder("ndcg_at_10_min FAILED->passed", "rmse_max passed->FAILED");
    List<String> table = BacktestTable.lines(rows);
    assertThat(table.get(0)).startsWith("MODEL").contains("OLD", "NEW", "FLIPPED CHECKS");
    assertThat(table.get(table.size() - 1))
        .isEqualTo(
            "2 candidates: 1 verdicts flip (1 passed->failed, 0 failed->passed); 0 without an"
                + " earlier verdict");
  }

  @Test
  void shouldCompareWithTheChampionTheOldReportRecorded() {
    TrainingFinished v1 = candidates.finished("v1", null);
    Champion champion = new Champion("v0", Map.of("rmse", candidates.rmse() * 1.05));
    PastVerdict then = past(gate.judge(v1, Optional.of(champion)));
    PolicyOverlay proposed = PolicyParser.parse("critical:\n  rmse: {minDelta: 0.5}\n", "p.yaml");

    BacktestRow row =
        new Backtest(PolicyOverlay.empty(), proposed)
            .run(List.of(v1), Map.of("movie-recommender@v1", then))
            .get(0);

    assertThat(row.flips())
        .extracting(Flip::summary)
        .containsExactly("rmse_vs_champion passed->FAILED");
    assertThat(row.flips().get(0).reason()).contains("champion v0");
  }

  @Test
  void shouldJudgeACandidateWithoutAnEarlierVerdictOnItsReportedMetrics() {
    BacktestRow row =
        new Backtest(PolicyOverlay.empty(), PolicyOverlay.empty())
            .run(List.of(candidates.finished("v1", null)), Map.of())
            .get(0);

    assertThat(row.oldPassed()).isEmpty();
    assertThat(row.newPassed()).isTrue();
    assertThat(row.flips()).isEmpty();
  }
}
