package dev.mlpipe.deployer.registry;

import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the registry knows about one model, folded from its deployment events in order.
 *
 * @param model the model name
 * @param versions every version ever deployed, by sequence (oldest first)
 * @param traffic per environment, the versions serving it and their shares (summing to 100 or 0)
 * @param history every deployment event as one line, oldest first
 * @param lastEventHash the hash of the model's latest deployment event (see {@link EventHashes}),
 *     null before the first
 */
public record ModelHistory(
    String model,
    List<ModelVersion> versions,
    Map<Environment, Map<String, Integer>> traffic,
    List<HistoryEntry> history,
    String lastEventHash) {

  public ModelHistory {
    Objects.requireNonNull(model, "model");
    versions = List.copyOf(Objects.requireNonNull(versions, "versions"));
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).sequence() != i) {
        throw new IllegalArgumentException(
            "model "
                + model
                + ": version at position "
                + i
                + " has sequence "
                + versions.get(i).sequence());
      }
    }
    Map<Environment, Map<String, Integer>> copy = new EnumMap<>(Environment.class);
    for (Map.Entry<Environment, Map<String, Integer>> e :
        Objects.requireNonNull(traffic, "traffic").entrySet()) {
      copy.put(e.getKey(), Map.copyOf(e.getValue()));
    }
    traffic = Map.copyOf(copy);
    history = List.copyOf(Objects.requireNonNull(history, "history"));
  }

  /** A model the registry has not seen an event of. */
  public static ModelHistory empty(String model) {
    return new ModelHistory(model, List.of(), Map.of(), List.of(), null);
  }

  /** The version with that name. */
  public Optional<ModelVersion> version(String version) {
    return versions.stream().filter(v -> v.version().equals(version)).findFirst();
  }

  /** The versions serving the environment and their shares; empty when none does. */
  public Map<String, Integer> trafficIn(Environment environment) {
    return traffic.getOrDefault(environment, Map.of());
  }

  /** The newest version with a share of the environment's traffic (a canary while one runs). */
  public Optional<ModelVersion> newestServing(Environment environment) {
    Map<String, Integer> shares = trafficIn(environment);
    return versions.stream()
        .filter(v -> shares.getOrDefault(v.version(), 0) > 0)
        .max(Comparator.comparingInt(ModelVersion::sequence));
  }

  /** The version serving all of the environment's traffic, if one does. */
  public Optional<ModelVersion> fullyServing(Environment environment) {
    return trafficIn(environment).entrySet().stream()
        .filter(e -> e.getValue() == 100)
        .findFirst()
        .flatMap(e -> version(e.getKey()));
  }

  /** The fold step for a ModelDeployed of this model. */
  public ModelHistory apply(ModelDeployed event) {
    requireSameModel(event.getModel());
    String name = event.getVersion();
    Environment env = event.getEnvironment();
    int share = event.getTrafficPercent();
    List<ModelVersion> next = new ArrayList<>(versions);
    ModelVersion v =
        version(name)
            .map(
                old ->
                    new ModelVersion(
                        name,
                        event.getArtifact().getSha256(),
                        event.getArtifact().getUri(),
                        event.getArtifact().getSizeBytes(),
                        event.getMetrics(),
                        event.getMeta().getRunId(),
                        old.sequence(),
                        old.states(),
                        old.servedFullProduction(),
                        old.rolledBack()))
            .orElseGet(
                () ->
                    new ModelVersion(
                        name,
                        event.getArtifact().getSha256(),
                        event.getArtifact().getUri(),
                        event.getArtifact().getSizeBytes(),
                        event.getMetrics(),
                        event.getMeta().getRunId(),
                        versions.size(),
                        Map.of(),
                        false,
                        false));
    Map<String, Integer> shares = new LinkedHashMap<>();
    if (share >= 100) {
      for (String other : trafficIn(env).keySet()) {
        if (!other.equals(name)) {
          replace(next, other, o -> o.withState(env, VersionState.RETIRED));
        }
      }
      shares.put(name, 100);
      if (env == Environment.PRODUCTION) {
        v = v.markedFullProduction();
      }
    } else if (share > 0) {
      String previous = event.getPreviousVersion();
      if (previous != null && !previous.equals(name)) {
        shares.put(previous, 100 - share);
      }
      shares.put(name, share);
    } else {
      shares.putAll(trafficIn(env));
      shares.remove(name);
    }
    v =
        v.withState(
            env, env == Environment.STAGING ? VersionState.STAGING : VersionState.PRODUCTION);
    if (v.sequence() == next.size()) {
      next.add(v);
    } else {
      next.set(v.sequence(), v);
    }
    String detail =
        event.getStrategy()
            + (event.getPreviousVersion() != null ? " from " + event.getPreviousVersion() : "")
            + (event.getApprovedBy() != null ? ", approved by " + event.getApprovedBy() : "");
    return new ModelHistory(
        model,
        next,
        withTraffic(env, shares),
        appended(
            new HistoryEntry(
                event.getMeta().getOccurredAt(),
                "deployed",
                name,
                env,
                share,
                detail,
                event.getMeta().getEventId())),
        EventHashes.of(event));
  }

  /** The fold step for a RolledBack of this model. */
  public ModelHistory apply(RolledBack event) {
    requireSameModel(event.getModel());
    Environment env = event.getEnvironment();
    List<ModelVersion> next = new ArrayList<>(versions);
    replace(
        next,
        event.getFromVersion(),
        v -> v.withState(env, VersionState.ROLLED_BACK).markedRolledBack());
    for (String other : trafficIn(env).keySet()) {
      if (!other.equals(event.getFromVersion()) && !other.equals(event.getToVersion())) {
        replace(next, other, v -> v.withState(env, VersionState.RETIRED));
      }
    }
    replace(next, event.getToVersion(), v -> v.withState(env, stateFor(env)));
    String detail =
        (event.getAutomatic() ? "automatic" : "manual")
            + " rollback from "
            + event.getFromVersion()
            + ": "
            + event.getReason()
            + (event.getRequestedBy() != null ? " (by " + event.getRequestedBy() + ")" : "");
    return new ModelHistory(
        model,
        next,
        withTraffic(env, Map.of(event.getToVersion(), 100)),
        appended(
            new HistoryEntry(
                event.getMeta().getOccurredAt(),
                "rolled-back",
                event.getToVersion(),
                env,
                100,
                detail,
                event.getMeta().getEventId())),
        EventHashes.of(event));
  }

  /** The fold step for a DeploymentFailed of this model: history and state, traffic unchanged. */
  public ModelHistory apply(DeploymentFailed event) {
    requireSameModel(event.getModel());
    Environment env = event.getEnvironment();
    List<ModelVersion> next = new ArrayList<>(versions);
    boolean serving = trafficIn(env).getOrDefault(event.getVersion(), 0) > 0;
    if (!serving) {
      replace(next, event.getVersion(), v -> v.withState(env, VersionState.FAILED));
    }
    return new ModelHistory(
        model,
        next,
        traffic,
        appended(
            new HistoryEntry(
                event.getMeta().getOccurredAt(),
                "failed",
                event.getVersion(),
                env,
                trafficIn(env).getOrDefault(event.getVersion(), 0),
                event.getReason(),
                event.getMeta().getEventId())),
        EventHashes.of(event));
  }

  private static VersionState stateFor(Environment env) {
    return env == Environment.STAGING ? VersionState.STAGING : VersionState.PRODUCTION;
  }

  private void requireSameModel(CharSequence eventModel) {
    if (!model.equals(eventModel.toString())) {
      throw new IllegalArgumentException(
          "an event of model " + eventModel + " cannot be folded into the history of " + model);
    }
  }

  private Map<Environment, Map<String, Integer>> withTraffic(
      Environment env, Map<String, Integer> shares) {
    Map<Environment, Map<String, Integer>> next = new EnumMap<>(Environment.class);
    next.putAll(traffic);
    next.put(env, shares);
    return next;
  }

  private List<HistoryEntry> appended(HistoryEntry entry) {
    List<HistoryEntry> next = new ArrayList<>(history);
    next.add(entry);
    return next;
  }

  private static void replace(
      List<ModelVersion> list,
      String version,
      java.util.function.UnaryOperator<ModelVersion> change) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).version().equals(version)) {
        list.set(i, change.apply(list.get(i)));
        return;
      }
    }
  }
}
