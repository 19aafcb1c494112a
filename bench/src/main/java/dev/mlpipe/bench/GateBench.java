package dev.mlpipe.bench;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verdict.Verdict;
import dev.mlpipe.gatekeeper.verify.ArtifactVerifier;
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
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.TrainingFinished;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * The gatekeeper's judging cost, without Kafka: verdicts per second with {@code verify: trust}
 * against reading and verifying the artifact alone (the floor every verdict pays), and the time
 * {@code verify: recompute} adds per 10k evaluation rows against the trainer's own evaluation of
 * the same rows. MovieLens-100K-shaped data (943 users, 1,682 items, 20k holdout rows), a rank-10
 * factor model.
 */
public final class GateBench implements Benchmark {

  @Override
  public String name() {
    return "gate";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    Path dir = Files.createTempDirectory("mlpipe-gate-bench");
    try {
      return measure(options, run, dir);
    } finally {
      deleteTree(dir);
    }
  }

  private static List<BenchResult> measure(BenchOptions options, RunInfo run, Path dir) {
    ArtifactStore store = ArtifactStore.at(dir);
    Split split =
        Splits.random(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7), 0.2, 42);
    FactorModel model = randomModel(split);
    String evalSplitHash = store.put(split.holdout().toCanonicalBytes()).sha256();
    String trainSplitHash = store.put(split.train().toCanonicalBytes()).sha256();
    Map<String, Double> metrics =
        new HashMap<>(RecommenderEvaluator.evaluate(model, split.train(), split.holdout()).asMap());
    metrics.put("latency_p95_ms", 0.05);
    ModelCard card =
        new ModelCard(
            "bench",
            "v1",
            "recommender-sgd-mf",
            Map.of(),
            "c".repeat(40),
            "run-bench",
            "d".repeat(64),
            evalSplitHash,
            metrics,
            Instant.EPOCH);
    StoredArtifact artifact = ArtifactFormat.store(store, new ModelArtifact(card, model));
    Gate gate =
        new Gate(
            PolicyOverlay.empty(),
            new ArtifactVerifier(store),
            new EventMetas("gatekeeper@bench", Clock.systemUTC()));
    // A random model fails the default thresholds; the report (every check) is built either way.
    TrainingFinished trust =
        candidate(artifact, evalSplitHash, trainSplitHash, metrics, "verify: trust\n");
    TrainingFinished recompute =
        candidate(artifact, evalSplitHash, trainSplitHash, metrics, "verify: recompute\n");
    int verdicts = options.quick() ? 100 : 1_000;
    // A re-computing verdict scores every item for every user, as the trainer's evaluation does.
    int recomputes = options.quick() ? 3 : 20;
    int rounds = options.quick() ? 1 : options.repetitions();
    double rowsIn10k = split.holdout().size() / 10_000.0;

    judge(gate, trust, verdicts / 4);
    judge(gate, recompute, recomputes / 2);
    loadOnly(store, artifact.sha256(), verdicts / 4);
    RecommenderEvaluator.evaluate(model, split.train(), split.holdout());

    List<Double> trustRate = new ArrayList<>();
    List<Double> loadRate = new ArrayList<>();
    List<Double> recomputeMs = new ArrayList<>();
    List<Double> evaluateMs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double trustSeconds = judge(gate, trust, verdicts);
      trustRate.add(verdicts / trustSeconds);
      loadRate.add(verdicts / loadOnly(store, artifact.sha256(), verdicts));
      double recomputeSeconds = judge(gate, recompute, recomputes);
      recomputeMs.add((recomputeSeconds / recomputes - trustSeconds / verdicts) * 1000 / rowsIn10k);
      long t0 = System.nanoTime();
      RecommenderEvaluator.evaluate(model, split.train(), split.holdout());
      evaluateMs.add((System.nanoTime() - t0) / 1e6 / rowsIn10k);
    }
    List<String> notes =
        List.of(
            "Gate.judge on a TrainingFinished in memory, no Kafka; every verdict reads the"
                + " artifact ("
                + artifact.sizeBytes()
                + " bytes) from the store, checks its SHA-256 and decodes it",
            verdicts
                + " trusting and "
                + recomputes
                + " re-computing verdicts per round, "
                + rounds
                + " rounds, after a warm-up",
            "recompute: the default policy's critical metrics (rmse, precision_at_10,"
                + " ndcg_at_10) over "
                + split.holdout().size()
                + " evaluation rows, the top-10 lists excluding "
                + split.train().size()
                + " training rows");
    return List.of(
        BenchResult.compared(
            "gate-trust-verdicts",
            "gatekeeper verdicts, verify: trust",
            "verdicts/s",
            trustRate,
            BenchResult.Baseline.of("artifact read + SHA-256 + decode alone", loadRate),
            0.8,
            BenchResult.Direction.HIGHER_IS_BETTER,
            notes,
            run),
        new BenchResult(
            "gate-recompute-per-10k-rows",
            "verify: recompute, time added per 10k evaluation rows",
            dev.mlpipe.bench.Stats.median(recomputeMs),
            "ms",
            recomputeMs,
            Optional.of(
                BenchResult.Baseline.of(
                    "the trainer's evaluation of the same rows (RecommenderEvaluator)",
                    evaluateMs)),
            // The gate runs the trainer's own evaluation on the same rows (the top-10 lists need
            // every item scored for every user): it should cost no more than that evaluation.
            OptionalDouble.of(1.2),
            BenchResult.Direction.LOWER_IS_BETTER,
            notes,
            run));
  }

  private static double judge(Gate gate, TrainingFinished candidate, int times) {
    long t0 = System.nanoTime();
    for (int i = 0; i < times; i++) {
      Verdict verdict = gate.judge(candidate, Optional.empty());
      if (verdict.meta() == null) {
        throw new IllegalStateException("a verdict without meta: " + verdict.event());
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double loadOnly(ArtifactStore store, String sha256, int times) {
    long t0 = System.nanoTime();
    for (int i = 0; i < times; i++) {
      ArtifactFormat.load(store, sha256);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static FactorModel randomModel(Split split) {
    int[] users = split.train().distinctUsers() > 0 ? ids(943) : new int[0];
    int[] items = ids(1682);
    int rank = 10;
    Random random = new Random(42);
    double[] userFactors = new double[users.length * rank];
    double[] itemFactors = new double[items.length * rank];
    for (int i = 0; i < userFactors.length; i++) {
      userFactors[i] = random.nextGaussian() * 0.1;
    }
    for (int i = 0; i < itemFactors.length; i++) {
      itemFactors[i] = random.nextGaussian() * 0.1;
    }
    return FactorModel.of(
        split.train().meanRating(),
        1,
        5,
        rank,
        users,
        items,
        new double[users.length],
        new double[items.length],
        userFactors,
        itemFactors);
  }

  private static int[] ids(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
    }
    return ids;
  }

  private static TrainingFinished candidate(
      StoredArtifact artifact,
      String evalSplitHash,
      String trainSplitHash,
      Map<String, Double> metrics,
      String policy) {
    return TrainingFinished.newBuilder()
        .setMeta(
            EventMeta.newBuilder()
                .setEventId("e-bench")
                .setRunId("run-bench")
                .setCausationId(null)
                .setOccurredAt(Instant.EPOCH)
                .setProducer("bench")
                .build())
        .setModel("bench")
        .setVersion("v1")
        .setCommitSha("c".repeat(40))
        .setRecipe("recommender-sgd-mf")
        .setArtifact(
            ArtifactRef.newBuilder()
                .setSha256(artifact.sha256())
                .setUri(artifact.uri().toString())
                .setSizeBytes(artifact.sizeBytes())
                .build())
        .setMetrics(metrics)
        .setDataHash("d".repeat(64))
        .setEvalSplitHash(evalSplitHash)
        .setTrainSplitHash(trainSplitHash)
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(0)
                .setFeatures(List.of())
                .setPrediction(
                    FeatureProfile.newBuilder()
                        .setName("prediction")
                        .setKind(FeatureKind.NUMERIC)
                        .setCount(0)
                        .build())
                .build())
        .setTrainingMillis(1)
        .setEvaluationMillis(1)
        .setGatePolicy(policy)
        .build();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
