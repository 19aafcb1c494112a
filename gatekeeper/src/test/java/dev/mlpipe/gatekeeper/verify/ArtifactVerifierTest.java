package dev.mlpipe.gatekeeper.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.gatekeeper.TestCandidates;
import dev.mlpipe.gatekeeper.policy.CheckResult;
import dev.mlpipe.gatekeeper.policy.VerifyMode;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.eval.ModelKind;
import java.nio.file.Files;
import java.nio.file.Path;
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
                + " reference; the trainer's value is used");
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
                finished.getMetrics(),
                ModelKind.RECOMMENDER,
                Set.of("rmse"),
                VerifyMode.TRUST,
                1e-6);

    assertThat(verification.modelLoads()).isFalse();
    assertThat(verification.loadProblem()).contains("not found");
  }
}
