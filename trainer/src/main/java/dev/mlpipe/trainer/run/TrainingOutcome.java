package dev.mlpipe.trainer.run;

import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.schemas.ReferenceProfile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How a training run ended: a stored, evaluated model, or a failure a person can act on. */
public sealed interface TrainingOutcome {

  /**
   * The run's candidate was trained, evaluated and stored.
   *
   * @param model the model name
   * @param version its version label
   * @param candidate the chosen candidate's name
   * @param recipe the chosen candidate's recipe id
   * @param hyperParameters the chosen candidate's hyper-parameters, as the events carry them
   * @param artifact where the artifact was stored
   * @param metrics the chosen candidate's holdout metrics, latency, {@code size_bytes} and {@code
   *     training_seconds}
   * @param candidates every candidate, the chosen one marked
   * @param dataHash SHA-256 of the data as read
   * @param evalSplitHash SHA-256 of the holdout rows, also their key in the artifact store
   * @param profile the training data's and predictions' reference profile
   * @param trainingMillis training time of all candidates
   * @param evaluationMillis evaluation time of all candidates
   * @param gatePolicy the spec's {@code gates:} as YAML text, null when it has none
   * @param trainSplitHash SHA-256 of the training rows the top-10 metrics excluded, also their key
   *     in the artifact store, so the gate can re-compute them; null when not stored (tabular)
   */
  record Trained(
      String model,
      String version,
      String candidate,
      String recipe,
      Map<String, String> hyperParameters,
      StoredArtifact artifact,
      Map<String, Double> metrics,
      List<CandidateReport> candidates,
      String dataHash,
      String evalSplitHash,
      ReferenceProfile profile,
      long trainingMillis,
      long evaluationMillis,
      String gatePolicy,
      String trainSplitHash)
      implements TrainingOutcome {

    public Trained {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(recipe, "recipe");
      hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
      Objects.requireNonNull(artifact, "artifact");
      metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
      candidates = List.copyOf(candidates);
      Objects.requireNonNull(dataHash, "dataHash");
      Objects.requireNonNull(evalSplitHash, "evalSplitHash");
      Objects.requireNonNull(profile, "profile");
    }
  }

  /**
   * The run ended without a model.
   *
   * @param phase where
   * @param reason what went wrong and what to do about it
   * @param errorClass the exception behind it, when there was one
   */
  record Failed(FailurePhase phase, String reason, String errorClass) implements TrainingOutcome {

    public Failed {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("a failure needs a reason");
      }
    }

    public static Failed of(FailurePhase phase, String reason) {
      return new Failed(phase, reason, null);
    }

    public static Failed of(FailurePhase phase, String reason, Throwable cause) {
      return new Failed(phase, reason, cause.getClass().getName());
    }
  }
}
