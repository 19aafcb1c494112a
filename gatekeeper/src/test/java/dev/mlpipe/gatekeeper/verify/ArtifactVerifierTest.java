package dev.mlpipe.gatekeeper.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlpipe.gatekeeper.TestCandidates;
import dev.mlpipe.gatekeeper.policy.CheckResult;
import dev.mlpipe.gatekeeper.policy.VerifyMode;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.schemas.TrainingFinished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactVerifierTest {

  @TempDir Path dir;

  @Test
  void shouldReproduceAnHonestTrainersRmseToTheLastBit() {
    TestCandidates candidates = new TestCandidates(dir.resolve("store"));
    var finished = candidates.finished("v1", null);

    Verification verification =
        new ArtifactVerifier(candidates.store())
            .verify(
                finished.getArtifact().getUri(),
                finished.getArtifact().getSha256(),
                finished.getEvalSplitHash(),
                finished.getTrainSplitHash(),
                finished.getMetrics(),
                ModelKind.RECOMMENDER,
                Set.of("rmse", "ndcg_at_10"),
                VerifyMode.RECOMPUTE,
                0);

    assertThat(verification.modelLoads()).isTrue();
    assertThat(verification.recomputed()).containsEntry("rmse", candidates.rmse());
    assertThat(verification.checks()).extracting(CheckResult::passed).containsExactly(true);
    assertThat(verification.notes())
        .containsExactly(
            "ndcg_at_10 not re-computed: it needs the training split, which the event does not"
                + " reference (trainSplitHash); the trainer's value is used");
  }

  @Test
  void shouldReadTheArtifactFromItsUriWhenTheLocalStoreLacksIt() {
    TestCandidates candidates = new TestCandidates(dir.resolve("trainer-store"));
    var finished = candidates.finished("v1", null);
    ArtifactStore empty = ArtifactStore.at(dir.resolve("gatekeeper-store"));

    Verification verification =
        new ArtifactVerifier(empty)
            .verify(
                finished.getArtifact().getUri(),
                finished.getArtifact().getSha256(),
                finished.getEvalSplitHash(),
                finished.getTrainSplitHash(),
                finished.getMetrics(),
                ModelKind.RECOMMENDER,
                Set.of("rmse"),
                VerifyMode.RECOMPUTE,
                1e-6);

    assertThat(verification.modelLoads()).isTrue();
    assertThat(verification.checks()).hasSize(1);
    CheckResult rmse = verification.checks().get(0);
    assertThat(rmse.passed()).isFalse();
    assertThat(rmse.reason())
        .startsWith("cannot re-compute rmse: evaluation split " + finished.getEvalSplitHash())
        .contains("not found");
  }

  @Test
  void shouldReportAnArtifactThatIsNotThereAsNotLoading() throws Exception {
    TestCandidates candidates = new TestCandidates(dir.resolve("store"));
    var finished = candidates.finished("v1", null);
    Files.delete(candidates.store().pathOf(candidates.artifact().sha256()));

    Verification verification =
        new ArtifactVerifier(candidates.store())
            .verify(
                finished.getArtifact().getUri(),
                finished.getArtifact().getSha256(),
                finished.getEvalSplitHash(),
                finished.getTrainSplitHash(),
                finished.getMetrics(),
                ModelKind.RECOMMENDER,
                Set.of("rmse"),
                VerifyMode.TRUST,
                1e-6);

    assertThat(verification.modelLoads()).isFalse();
    assertThat(verification.loadProblem()).contains("not found");
  }

  @Test
  void shouldRecomputeTheTopTenMetricsFromTheStoredTrainingSplit() {
    TestCandidates candidates = new TestCandidates(dir.resolve("store"));
    var finished = candidates.finishedWithTrainSplit("v1", Map.of(), null);

    Verification verification = recompute(candidates, finished);

    Map<String, Double> truth = candidates.rankingTruth().asMap();
    assertThat(truth.get("ndcg_at_10")).isPositive();
    assertThat(verification.recomputed())
        .containsEntry("ndcg_at_10", truth.get("ndcg_at_10"))
        .containsEntry("precision_at_10", truth.get("precision_at_10"))
        .containsEntry("rmse", truth.get("rmse"));
    assertThat(verification.checks())
        .extracting(CheckResult::name, CheckResult::passed)
        .containsExactlyInAnyOrder(
            tuple("ndcg_at_10_recomputed", true),
            tuple("precision_at_10_recomputed", true),
            tuple("rmse_recomputed", true));
    assertThat(verification.notes()).isEmpty();
  }

  @Test
  void shouldFailTheRecomputedCheckWhenTheTrainerReportedABetterNdcgThanTheModelHas() {
    TestCandidates candidates = new TestCandidates(dir.resolve("store"));
    double truth = candidates.rankingTruth().ndcgAt10();
    var finished = candidates.finishedWithTrainSplit("v1", Map.of("ndcg_at_10", truth + 0.2), null);

    Verification verification = recompute(candidates, finished);

    CheckResult ndcg = check(verification, "ndcg_at_10_recomputed");
    assertThat(ndcg.passed()).isFalse();
    assertThat(ndcg.candidateValue()).isEqualTo(truth);
    assertThat(ndcg.reason()).contains("differs from the reported " + (truth + 0.2));
    assertThat(verification.recomputed()).containsEntry("ndcg_at_10", truth);
  }

  @Test
  void shouldFailTheTopTenChecksWhenTheReferencedTrainingSplitIsNotInTheStore() {
    TestCandidates candidates = new TestCandidates(dir.resolve("store"));
    var finished =
        TrainingFinished.newBuilder(candidates.finishedWithTrainSplit("v1", Map.of(), null))
            .setTrainSplitHash("f".repeat(64))
            .build();

    Verification verification = recompute(candidates, finished);

    assertThat(check(verification, "rmse_recomputed").passed()).isTrue();
    CheckResult ndcg = check(verification, "ndcg_at_10_recomputed");
    assertThat(ndcg.passed()).isFalse();
    assertThat(ndcg.reason())
        .startsWith("cannot re-compute ndcg_at_10: training split " + "f".repeat(64))
        .contains("not found");
    assertThat(check(verification, "precision_at_10_recomputed").passed()).isFalse();
  }

  private static Verification recompute(TestCandidates candidates, TrainingFinished finished) {
    return new ArtifactVerifier(candidates.store())
        .verify(
            finished.getArtifact().getUri(),
            finished.getArtifact().getSha256(),
            finished.getEvalSplitHash(),
            finished.getTrainSplitHash(),
            finished.getMetrics(),
            ModelKind.RECOMMENDER,
            Set.of("rmse", "precision_at_10", "ndcg_at_10"),
            VerifyMode.RECOMPUTE,
            1e-6);
  }

  private static CheckResult check(Verification verification, String name) {
    return verification.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + verification.checks()));
  }
}
