package dev.mlpipe.gatekeeper.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.gatekeeper.policy.CheckResult;
import dev.mlpipe.gatekeeper.policy.VerifyMode;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.models.eval.TabularEvaluator;
import dev.mlpipe.models.mlp.Activation;
import dev.mlpipe.models.mlp.DenseLayer;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularVerificationTest {

  @TempDir Path dir;

  private ArtifactStore store;
  private StoredArtifact artifact;
  private String evalSplitHash;
  private Map<String, Double> honest;

  /** A linear classifier on the churn rows (weights by hand), its holdout and honest metrics. */
  private void storeClassifier() {
    store = ArtifactStore.at(dir);
    TabularTable holdout = TabularGenerator.generate(TabularShape.CHURN, 9, 500, false);
    var encoders = MlpModel.fitEncoders(holdout, 100);
    int width = encoders.stream().mapToInt(e -> e.width()).sum();
    double[] w = new double[width];
    w[0] = -1.0; // shorter tenure, more churn
    MlpModel mlp =
        new MlpModel(
            TabularTask.BINARY_CLASSIFICATION,
            "churned",
            encoders,
            java.util.List.of(new DenseLayer(width, 1, w, new double[] {-1}, Activation.SIGMOID)),
            0.4,
            0,
            1);
    evalSplitHash = store.put(holdout.toCanonicalBytes()).sha256();
    honest =
        TabularEvaluator.classifier(mlp.predict(holdout), holdout.targets(), mlp.threshold())
            .asMap();
    ModelCard card =
        new ModelCard(
            "customer-churn",
            "v1",
            "classifier-mlp",
            Map.of(),
            "abc",
            "run-1",
            "d".repeat(64),
            evalSplitHash,
            honest,
            Instant.parse("2026-01-01T00:00:00Z"));
    artifact = ArtifactFormat.store(store, ModelArtifact.tabular(card, mlp));
  }

  private Verification verify(Map<String, Double> reported, ModelKind kind) {
    return new ArtifactVerifier(store)
        .verify(
            artifact.uri().toString(),
            artifact.sha256(),
            evalSplitHash,
            null,
            reported,
            kind,
            Set.of("roc_auc", "f1", "latency_p95_ms"),
            VerifyMode.RECOMPUTE,
            0);
  }

  @Test
  void shouldReproduceAnHonestTrainersClassifierMetricsToTheLastBit() {
    storeClassifier();
    Verification v = verify(honest, ModelKind.CLASSIFIER);
    assertThat(v.modelLoads()).isTrue();
    assertThat(v.recomputed())
        .containsOnlyKeys("roc_auc", "f1")
        .containsEntry("roc_auc", honest.get("roc_auc"));
    assertThat(v.checks()).extracting(CheckResult::passed).containsExactly(true, true);
  }

  @Test
  void shouldFailTheCheckOfAMetricTheTrainerOverstated() {
    storeClassifier();
    Map<String, Double> inflated = new HashMap<>(honest);
    inflated.put("roc_auc", honest.get("roc_auc") + 0.1);
    Verification v = verify(inflated, ModelKind.CLASSIFIER);
    CheckResult roc =
        v.checks().stream().filter(c -> c.metric().equals("roc_auc")).findFirst().orElseThrow();
    assertThat(roc.passed()).isFalse();
    assertThat(roc.reason()).contains("differs from the reported");
    assertThat(v.recomputed()).containsEntry("roc_auc", honest.get("roc_auc"));
  }

  @Test
  void shouldRefuseAClassifierArtifactJudgedAsARegressor() {
    storeClassifier();
    Verification v = verify(honest, ModelKind.REGRESSOR);
    assertThat(v.modelLoads()).isFalse();
    assertThat(v.loadProblem()).contains("not a REGRESSOR");
  }
}
