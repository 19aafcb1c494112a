package dev.mlpipe.console.models;

import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ValidationReport;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One version of a model as the console shows it.
 *
 * @param version the version label
 * @param runId the run that trained it
 * @param commitSha the commit it was trained from, when the training was seen
 * @param firstSeen the time of its first event
 * @param metrics its holdout metrics by name, sorted (from training, the gate or the deployment)
 * @param gate the gate's verdict, once it judged the version
 * @param states its state in each environment it reached
 * @param approvable whether it serves all of staging, never reached production and no approval of
 *     its run was seen: the version an approval would let go on
 */
public record VersionCard(
    String version,
    String runId,
    Optional<String> commitSha,
    Instant firstSeen,
    Map<String, Double> metrics,
    Optional<Gate> gate,
    Map<Environment, State> states,
    boolean approvable) {

  public VersionCard {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(commitSha, "commitSha");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(gate, "gate");
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    states = Map.copyOf(states);
  }

  /** Its state in the environment; {@code CANDIDATE} when it never reached it. */
  public State stateIn(Environment environment) {
    return states.getOrDefault(environment, State.CANDIDATE);
  }

  /** Where a version stands in one environment. */
  public enum State {
    /** Not deployed there (yet). */
    CANDIDATE,
    /** Serves a share of the environment's traffic. */
    SERVING,
    /** Served there, and another version took over. */
    RETIRED,
    /** Traffic was sent back from it. */
    ROLLED_BACK,
    /** A rollout step of it failed there. */
    FAILED;

    /** Lower case, for pages. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * The gate's verdict.
   *
   * @param passed whether the version passed
   * @param at when the gate published it
   * @param report every check with its value, threshold and outcome
   */
  public record Gate(boolean passed, Instant at, ValidationReport report) {
    public Gate {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(report, "report");
    }
  }
}
