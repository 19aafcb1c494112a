package dev.mlpipe.deployer;

import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.factor.FactorModel;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Small hand-built factor models with their cards, for serving and rollout tests. */
public final class TestModels {

  private TestModels() {}

  /** 5 users (1-5), 20 items (101-120), rank 2, seeded by the version so versions differ. */
  public static ModelArtifact artifact(String model, String version) {
    Random random = new Random(version.hashCode());
    int users = 5;
    int items = 20;
    int rank = 2;
    FactorModel factors =
        FactorModel.of(
            3.5,
            1,
            5,
            rank,
            IntStream.rangeClosed(1, users).toArray(),
            IntStream.rangeClosed(101, 100 + items).toArray(),
            random.doubles(users, -0.5, 0.5).toArray(),
            random.doubles(items, -0.5, 0.5).toArray(),
            random.doubles(users * rank, -1, 1).toArray(),
            random.doubles(items * rank, -1, 1).toArray());
    ModelCard card =
        new ModelCard(
            model,
            version,
            "sgd-mf",
            Map.of("rank", "2"),
            "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
            "run-" + version,
            "no-training-data-stored",
            "no-holdout-stored",
            Map.of("rmse", 0.7),
            Instant.parse("2026-01-01T00:00:00Z"));
    return new ModelArtifact(card, factors);
  }
}
