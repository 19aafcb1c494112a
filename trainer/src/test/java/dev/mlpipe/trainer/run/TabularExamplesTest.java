package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.eval.TabularEvaluator;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.trainer.spec.CandidateSpec;
import dev.mlpipe.trainer.spec.DataSourceSpec;
import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.TrainingSpec;
import dev.mlpipe.trainer.spec.TrainingSpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Trains each tabular example's own {@code mlpipe.yaml} end to end (data, split, DL4J training,
 * evaluation, artifact, holdout, profile) on fewer rows and epochs than the example asks for, so
 * the test stays quick. {@code -Dmlpipe.examples.full=true} trains them as written.
 */
class TabularExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final boolean FULL = Boolean.getBoolean("mlpipe.examples.full");

  @TempDir Path store;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "fraud-detection, 20000, pr_auc, 'roc_auc,pr_auc,precision,recall,f1'",
    "customer-churn, 4000, roc_auc, 'roc_auc,pr_auc,precision,recall,f1'",
    "taxi-fares, 4000, rmse, 'rmse,mae,r2'"
  })
  void eachTabularExampleTrainsToAStoredModelThatReproducesItsMetrics(
      String example, int rows, String primary, String metricKeys) throws Exception {
    TrainingSpec spec = TrainingSpecParser.parse(EXAMPLES.resolve(example).resolve("mlpipe.yaml"));
    assertThat(spec.primaryMetric().key()).isEqualTo(primary);
    if (!FULL) {
      spec = shrink(spec, rows, 2);
    }
    RunRequest request =
        new RunRequest(
            spec,
            DirectoryFiles.at(EXAMPLES.resolve(example)),
            "working-copy",
            "run-1",
            "v1",
            Instant.parse("2026-01-01T00:00:00Z"));
    TrainingOutcome outcome =
        new TrainingRun(ArtifactStore.at(store), Clock.systemUTC(), Duration.ofMinutes(10))
            .run(request, RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
    TrainingOutcome.Trained trained = (TrainingOutcome.Trained) outcome;
    System.out.println(example + ": " + trained.metrics());
    assertThat(trained.metrics())
        .containsKeys(metricKeys.split(","))
        .containsKeys("latency_p50_ms", "latency_p95_ms", "latency_p99_ms")
        .containsKeys("size_bytes", "training_seconds");

    ArtifactStore artifacts = ArtifactStore.at(store);
    ModelArtifact artifact = ArtifactFormat.load(artifacts, trained.artifact().sha256());
    assertThat(artifact.isTabular()).isTrue();
    TabularTable holdout = TabularTable.fromCanonicalBytes(artifacts.read(trained.evalSplitHash()));
    double[] predicted = artifact.mlp().predict(holdout);
    Map<String, Double> again =
        primary.equals("rmse")
            ? TabularEvaluator.regressor(predicted, holdout.targets()).asMap()
            : TabularEvaluator.classifier(predicted, holdout.targets(), artifact.mlp().threshold())
                .asMap();
    assertThat(again.get(primary)).isEqualTo(trained.metrics().get(primary));

    List<String> profiled =
        trained.profile().getFeatures().stream().map(FeatureProfile::getName).toList();
    assertThat(profiled).containsExactlyElementsOf(artifact.mlp().featureNames());
    if (FULL && primary.equals("rmse")) {
      assertThat(trained.metrics().get("r2")).isCloseTo(1.0, within(0.2));
    }
  }

  /** The spec with fewer generated rows and epochs. */
  static TrainingSpec shrink(TrainingSpec spec, int rows, int epochs) {
    DataSourceSpec.GeneratedTable data = (DataSourceSpec.GeneratedTable) spec.data();
    List<CandidateSpec> candidates =
        spec.candidates().stream()
            .map(
                c -> {
                  Map<String, Double> values = new LinkedHashMap<>(c.hyperParameters().values());
                  values.put("epochs", (double) epochs);
                  return new CandidateSpec(
                      c.name(), c.recipe(), new HyperParameters(c.recipe(), values));
                })
            .toList();
    return new TrainingSpec(
        spec.model(),
        new DataSourceSpec.GeneratedTable(data.shape(), data.seed(), rows),
        spec.split(),
        spec.seed(),
        candidates,
        spec.primaryMetric(),
        spec.gates());
  }
}
