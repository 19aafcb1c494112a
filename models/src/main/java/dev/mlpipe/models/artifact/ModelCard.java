package dev.mlpipe.models.artifact;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a model is and where it came from, stored inside its artifact: the model and version, the
 * recipe and its hyper-parameters, the commit and run that produced it, the hashes of its training
 * data and evaluation rows, its holdout metrics, and when it was created.
 */
public record ModelCard(
    String model,
    String version,
    String recipe,
    Map<String, String> hyperParameters,
    String commitSha,
    String runId,
    String dataHash,
    String evalSplitHash,
    Map<String, Double> metrics,
    Instant createdAt) {

  public ModelCard {
    requireText("model", model);
    requireText("version", version);
    requireText("recipe", recipe);
    requireText("commitSha", commitSha);
    requireText("runId", runId);
    requireText("dataHash", dataHash);
    requireText("evalSplitHash", evalSplitHash);
    hyperParameters =
        Map.copyOf(new TreeMap<>(Objects.requireNonNull(hyperParameters, "hyperParameters")));
    metrics = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metrics, "metrics")));
    Objects.requireNonNull(createdAt, "createdAt");
  }

  private static void requireText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException("model card " + field + " must not be blank");
    }
  }
}
