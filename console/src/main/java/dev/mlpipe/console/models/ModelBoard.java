package dev.mlpipe.console.models;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One model's versions and who serves what: folded from training, gate and deployment events with
 * the same traffic rules as the deployer's registry (100 % retires the others; a canary share
 * leaves the rest to the previous version; a rollback gives the target all of it; a failed step
 * changes no traffic).
 *
 * @param model the model's name
 * @param versions its versions, oldest first
 * @param traffic per environment, the versions with a share and their share in percent
 */
public record ModelBoard(
    String model, List<VersionCard> versions, Map<Environment, Map<String, Integer>> traffic) {

  public ModelBoard {
    Objects.requireNonNull(model, "model");
    versions = List.copyOf(versions);
    Map<Environment, Map<String, Integer>> copy = new EnumMap<>(Environment.class);
    traffic.forEach((env, shares) -> copy.put(env, Map.copyOf(shares)));
    traffic = Map.copyOf(copy);
  }

  /** The versions with a share of the environment's traffic; empty when none has. */
  public Map<String, Integer> trafficIn(Environment environment) {
    return traffic.getOrDefault(environment, Map.of());
  }

  /** The version with that label. */
  public Optional<VersionCard> version(String version) {
    return versions.stream().filter(v -> v.version().equals(version)).findFirst();
  }

  /**
   * The boards with approval offered where the deployer's own state says a run waits for it: for a
   * model {@code waits} names, only the version and run it names is approvable (none when it names
   * none); models it does not name keep what the events suggest.
   */
  public static List<ModelBoard> withWaits(
      List<ModelBoard> boards, Map<String, Optional<RolloutWaits.Waiting>> waits) {
    List<ModelBoard> out = new ArrayList<>(boards.size());
    for (ModelBoard board : boards) {
      Optional<RolloutWaits.Waiting> known =
          waits.containsKey(board.model()) ? waits.get(board.model()) : null;
      if (known == null) {
        out.add(board);
        continue;
      }
      List<VersionCard> cards = new ArrayList<>();
      for (VersionCard v : board.versions()) {
        boolean approvable =
            known.isPresent()
                && known.get().version().equals(v.version())
                && known.get().runId().equals(v.runId());
        cards.add(
            new VersionCard(
                v.version(),
                v.runId(),
                v.commitSha(),
                v.firstSeen(),
                v.metrics(),
                v.gate(),
                v.states(),
                approvable));
      }
      out.add(new ModelBoard(board.model(), cards, board.traffic()));
    }
    return out;
  }

  /** Every model's board, by model name, from the events in any order (sorted by time here). */
  public static List<ModelBoard> fold(List<PipelineEvent> events) {
    List<PipelineEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(PipelineEvent::occurredAt));
    Map<String, Builder> models = new TreeMap<>();
    Set<String> approvedRuns = new HashSet<>();
    for (PipelineEvent e : sorted) {
      if (e.value() instanceof PipelineCommand c && c.getCommand() instanceof Approve a) {
        approvedRuns.add(a.getRunId());
        continue;
      }
      Builder b = models.computeIfAbsent(e.model(), Builder::new);
      b.apply(e);
    }
    List<ModelBoard> out = new ArrayList<>();
    for (Builder b : models.values()) {
      if (!b.versions.isEmpty()) {
        out.add(b.build(approvedRuns));
      }
    }
    return out;
  }

  /** The mutable state of one model during the fold. */
  private static final class Builder {
    private final String model;
    private final Map<String, MutableVersion> versions = new LinkedHashMap<>();
    private final Map<Environment, Map<String, Integer>> traffic = new EnumMap<>(Environment.class);

    Builder(String model) {
      this.model = model;
    }

    void apply(PipelineEvent e) {
      Object v = e.value();
      if (v instanceof TrainingFinished t) {
        MutableVersion mv = version(t.getVersion(), e);
        mv.commitSha = t.getCommitSha();
        t.getMetrics().forEach((k, x) -> mv.metrics.put(k, x));
      } else if (v instanceof ValidationPassed p) {
        MutableVersion mv = version(p.getVersion(), e);
        mv.commitSha = p.getCommitSha();
        p.getMetrics().forEach((k, x) -> mv.metrics.putIfAbsent(k, x));
        mv.gate = new VersionCard.Gate(true, e.occurredAt(), p.getReport());
      } else if (v instanceof ValidationFailed f) {
        MutableVersion mv = version(f.getVersion(), e);
        mv.commitSha = f.getCommitSha();
        f.getMetrics().forEach((k, x) -> mv.metrics.putIfAbsent(k, x));
        mv.gate = new VersionCard.Gate(false, e.occurredAt(), f.getReport());
      } else if (v instanceof ModelDeployed d) {
        deployed(d, e);
      } else if (v instanceof RolledBack r) {
        rolledBack(r, e);
      } else if (v instanceof DeploymentFailed f) {
        Environment env = f.getEnvironment();
        if (shares(env).getOrDefault(f.getVersion(), 0) == 0) {
          version(f.getVersion(), e).states.put(env, VersionCard.State.FAILED);
        }
      }
    }

    private void deployed(ModelDeployed d, PipelineEvent e) {
      MutableVersion mv = version(d.getVersion(), e);
      d.getMetrics().forEach((k, x) -> mv.metrics.putIfAbsent(k, x));
      Environment env = d.getEnvironment();
      int share = d.getTrafficPercent();
      Map<String, Integer> next = new LinkedHashMap<>();
      if (share >= 100) {
        retireOthers(env, d.getVersion(), null);
        next.put(d.getVersion(), 100);
      } else if (share > 0) {
        String previous = d.getPreviousVersion();
        if (previous == null) {
          // Without a named predecessor the rest stays with whoever served all of it.
          previous =
              shares(env).entrySet().stream()
                  .filter(s -> !s.getKey().equals(d.getVersion()) && s.getValue() > 0)
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElse(null);
        }
        if (previous != null && !previous.equals(d.getVersion())) {
          next.put(previous, 100 - share);
        }
        next.put(d.getVersion(), share);
      } else {
        next.putAll(shares(env));
        next.remove(d.getVersion());
      }
      mv.states.put(env, share > 0 ? VersionCard.State.SERVING : VersionCard.State.RETIRED);
      traffic.put(env, next);
    }

    private void rolledBack(RolledBack r, PipelineEvent e) {
      Environment env = r.getEnvironment();
      version(r.getFromVersion(), e).states.put(env, VersionCard.State.ROLLED_BACK);
      retireOthers(env, r.getToVersion(), r.getFromVersion());
      version(r.getToVersion(), e).states.put(env, VersionCard.State.SERVING);
      traffic.put(env, Map.of(r.getToVersion(), 100));
    }

    private void retireOthers(Environment env, String keep, String alsoKeep) {
      for (String other : shares(env).keySet()) {
        if (!other.equals(keep) && !other.equals(alsoKeep) && versions.containsKey(other)) {
          versions.get(other).states.put(env, VersionCard.State.RETIRED);
        }
      }
    }

    private Map<String, Integer> shares(Environment env) {
      return traffic.getOrDefault(env, Map.of());
    }

    private MutableVersion version(String label, PipelineEvent e) {
      return versions.computeIfAbsent(label, l -> new MutableVersion(l, e.runId(), e.occurredAt()));
    }

    ModelBoard build(Set<String> approvedRuns) {
      List<VersionCard> cards = new ArrayList<>();
      for (MutableVersion v : versions.values()) {
        boolean approvable =
            shares(Environment.STAGING).getOrDefault(v.version, 0) == 100
                && !v.states.containsKey(Environment.PRODUCTION)
                && !approvedRuns.contains(v.runId);
        cards.add(
            new VersionCard(
                v.version,
                v.runId,
                Optional.ofNullable(v.commitSha),
                v.firstSeen,
                v.metrics,
                Optional.ofNullable(v.gate),
                v.states,
                approvable));
      }
      Map<Environment, Map<String, Integer>> shares = new EnumMap<>(Environment.class);
      traffic.forEach(
          (env, s) -> {
            Map<String, Integer> positive = new LinkedHashMap<>();
            s.forEach(
                (k, x) -> {
                  if (x > 0) {
                    positive.put(k, x);
                  }
                });
            shares.put(env, positive);
          });
      return new ModelBoard(model, cards, shares);
    }
  }

  private static final class MutableVersion {
    final String version;
    final String runId;
    final Instant firstSeen;
    final Map<String, Double> metrics = new TreeMap<>();
    final Map<Environment, VersionCard.State> states = new EnumMap<>(Environment.class);
    String commitSha;
    VersionCard.Gate gate;

    MutableVersion(String version, String runId, Instant firstSeen) {
      this.version = version;
      this.runId = runId;
      this.firstSeen = firstSeen;
    }
  }
}
