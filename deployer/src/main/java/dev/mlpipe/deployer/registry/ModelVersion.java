package dev.mlpipe.deployer.registry;

import dev.mlpipe.schemas.Environment;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One version of a model as the registry knows it.
 *
 * @param version the version name
 * @param sha256 the artifact's SHA-256
 * @param uri where the artifact can be read
 * @param sizeBytes the artifact's size
 * @param metrics its holdout metrics
 * @param runId the run that produced it
 * @param sequence its order of first deployment within the model, from 0: "newest" means highest
 * @param states its state per environment; absent means never deployed there
 * @param servedFullProduction whether it ever served 100 % of production
 * @param rolledBack whether a rollback ever took it out of traffic
 */
public record ModelVersion(
    String version,
    String sha256,
    String uri,
    long sizeBytes,
    Map<String, Double> metrics,
    String runId,
    int sequence,
    Map<Environment, VersionState> states,
    boolean servedFullProduction,
    boolean rolledBack) {

  public ModelVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(runId, "runId");
    metrics = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metrics, "metrics")));
    if (sequence < 0) {
      throw new IllegalArgumentException(
          "version " + version + ": sequence must be >= 0, was " + sequence);
    }
    EnumMap<Environment, VersionState> copy = new EnumMap<>(Environment.class);
    copy.putAll(Objects.requireNonNull(states, "states"));
    states = Map.copyOf(copy);
  }

  /** Its state in the environment, {@link VersionState#CANDIDATE} when never deployed there. */
  public VersionState stateIn(Environment environment) {
    return states.getOrDefault(environment, VersionState.CANDIDATE);
  }

  /** Whether it may be a rollback target: it served all of production and was never rolled back. */
  public boolean isStable() {
    return servedFullProduction && !rolledBack;
  }

  ModelVersion withState(Environment environment, VersionState state) {
    Map<Environment, VersionState> next = new EnumMap<>(Environment.class);
    next.putAll(states);
    next.put(environment, state);
    return new ModelVersion(
        version,
        sha256,
        uri,
        sizeBytes,
        metrics,
        runId,
        sequence,
        next,
        servedFullProduction,
        rolledBack);
  }

  ModelVersion markedFullProduction() {
    return new ModelVersion(
        version, sha256, uri, sizeBytes, metrics, runId, sequence, states, true, rolledBack);
  }

  ModelVersion markedRolledBack() {
    return new ModelVersion(
        version,
        sha256,
        uri,
        sizeBytes,
        metrics,
        runId,
        sequence,
        states,
        servedFullProduction,
        true);
  }
}
