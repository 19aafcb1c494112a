package dev.mlpipe.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.cli.up.LocalPipeline;
import dev.mlpipe.events.json.EventJson;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.Split;
import dev.mlpipe.models.data.Splits;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.RolloutStrategy;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.trainer.recipe.SgdMatrixFactorization;
import dev.mlpipe.trainer.recipe.SgdMfConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate in a local pipeline ({@code mlpipe up}), driven as a user (or the trainer) would: a
 * really trained candidate published as TrainingFinished passes with its report; deployed as the
 * champion, it makes a worse candidate fail its relative checks; and the backtest shows what a
 * stricter policy would have done to both.
 */
@Timeout(240)
class GateLoopIT {

  private static final String MODEL = "movielens-recsys";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @TempDir static Path work;

  private static LocalPipeline pipeline;
  private static Split split;
  private static String evalSplitHash;

  @BeforeAll
  static void startPipeline() {
    pipeline = LocalPipeline.start(new LocalPipeline.Settings(dataDir, 0, 0));
    split = Splits.random(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7), 0.2, 42);
    evalSplitHash = store().put(split.holdout().toCanonicalBytes()).sha256();
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static ArtifactStore store() {
    return ArtifactStore.at(pipeline.stageEnvironment().artifactDir());
  }

  private static CommandLineRun mlpipe(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap";
    all[args.length + 1] = pipeline.bootstrap();
    all[args.length + 2] = "--registry";
    all[args.length + 3] = pipeline.registryUrl().toString();
    return CommandLineRun.of(all);
  }

  /**
   * Trains a candidate the way the trainer does, stores it, and describes it as the trainer would.
   */
  private static TrainingFinished train(String version, int rank, int epochs) throws Exception {
    FactorModel model =
        new SgdMatrixFactorization(new SgdMfConfig(rank, epochs, 0.01, 0.05, 0.1, 42))
            .train(split.train());
    Map<String, Double> metrics =
        new HashMap<>(RecommenderEvaluator.evaluate(model, split.train(), split.holdout()).asMap());
    metrics.put("latency_p95_ms", 0.05);
    String runId = "run-" + version;
    StoredArtifact stored =
        ArtifactFormat.store(
            store(),
            new ModelArtifact(
                new ModelCard(
                    MODEL,
                    version,
                    "recommender-sgd-mf",
                    Map.of(),
                    "c".repeat(40),
                    runId,
                    "d".repeat(64),
                    evalSplitHash,
                    metrics,
                    Instant.now()),
                model));
    FeatureProfile none =
        FeatureProfile.newBuilder()
            .setName("rating")
            .setKind(FeatureKind.NUMERIC)
            .setCount(0)
            .build();
    return TrainingFinished.newBuilder()
        .setMeta(
            EventMeta.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRunId(runId)
                .setCausationId(null)
                .setOccurredAt(Instant.now())
                .setProducer("trainer@it")
                .build())
        .setModel(MODEL)
        .setVersion(version)
        .setCommitSha("c".repeat(40))
        .setTrigger(TrainingTrigger.COMMIT)
        .setRecipe("recommender-sgd-mf")
        .setArtifact(
            ArtifactRef.newBuilder()
                .setSha256(stored.sha256())
                .setUri(stored.uri().toString())
                .setSizeBytes(stored.sizeBytes())
                .build())
        .setMetrics(metrics)
        .setDataHash("d".repeat(64))
        .setEvalSplitHash(evalSplitHash)
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(split.train().size())
                .setFeatures(List.of())
                .setPrediction(none)
                .build())
        .setTrainingMillis(400)
        .setEvaluationMillis(400)
        .build();
  }

  private static void publish(String topic, org.apache.avro.specific.SpecificRecord event)
      throws Exception {
    Path file = work.resolve(UUID.randomUUID() + ".json");
    Files.writeString(file, EventJson.toJson(event));
    CommandLineRun published = mlpipe("publish", "--topic", topic, "--json", file.toString());
    assertThat(published.exitCode()).as(published.err()).isZero();
  }

  private static JsonNode verdictOf(String topic, String version) throws Exception {
    CommandLineRun watched =
        mlpipe(
            "watch",
            "--topic",
            topic,
            "--from-beginning",
            "--json",
            "--timeout",
            "60s",
            "--max",
            "1");
    for (String line : watched.out().lines().toList()) {
      JsonNode value = JSON.readTree(line).path("value");
      if (value.path("version").asText().equals(version)) {
        return value;
      }
    }
    throw new AssertionError("no verdict for " + version + " on " + topic + ": " + watched.out());
  }

  @Test
  void shouldPassAGoodCandidateFailAWorseOneAgainstTheChampionAndBacktestAStricterPolicy()
      throws Exception {
    TrainingFinished v1 = train("v1", 10, 30);
    publish("mlpipe.training-finished", v1);

    JsonNode passed = verdictOf("mlpipe.validation-passed", "v1");
    assertThat(passed.path("meta").path("causationId").asText())
        .isEqualTo(v1.getMeta().getEventId());
    JsonNode checks = passed.path("report").path("checks");
    assertThat(checks.size()).isGreaterThanOrEqualTo(12);
    assertThat(checks.findValuesAsText("name"))
        .contains("rmse_recomputed", "model_loads", "rmse_max", "rmse_vs_champion");

    ModelDeployed champion =
        ModelDeployed.newBuilder()
            .setMeta(v1.getMeta())
            .setModel(MODEL)
            .setVersion("v1")
            .setArtifact(v1.getArtifact())
            .setEnvironment(Environment.PRODUCTION)
            .setStrategy(RolloutStrategy.CANARY)
            .setTrafficPercent(100)
            .setMetrics(v1.getMetrics())
            .build();
    publish("mlpipe.model-deployed", champion);
    TrainingFinished v2 = train("v2", 2, 3);
    publish("mlpipe.training-finished", v2);

    JsonNode failed = verdictOf("mlpipe.validation-failed", "v2");
    assertThat(failed.path("report").path("championVersion").asText()).isEqualTo("v1");
    List<String> failedChecks = new java.util.ArrayList<>();
    failed
        .path("report")
        .path("checks")
        .forEach(
            c -> {
              if (!c.path("passed").asBoolean()) {
                failedChecks.add(c.path("name").asText());
              }
            });
    assertThat(failedChecks).contains("rmse_vs_champion");

    Path stricter = work.resolve("stricter.yaml");
    Files.writeString(
        stricter, "critical:\n  rmse: {max: " + (v1.getMetrics().get("rmse") - 0.01) + "}\n");
    CommandLineRun backtest =
        mlpipe("gate", "backtest", "--policy", stricter.toString(), "--model", MODEL);
    assertThat(backtest.exitCode()).as(backtest.err()).isZero();
    assertThat(backtest.out())
        .containsPattern("movielens-recsys +v1 .* passed +failed +rmse_max passed->FAILED")
        .contains("2 candidates: 1 verdicts flip (1 passed->failed, 0 failed->passed)");
  }
}
