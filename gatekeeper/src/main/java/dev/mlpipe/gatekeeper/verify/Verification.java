package dev.mlpipe.gatekeeper.verify;

import dev.mlpipe.gatekeeper.policy.CheckResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What verifying a candidate found.
 *
 * @param modelLoads true when the artifact was read with a matching SHA-256 and decoded
 * @param loadProblem why it did not load, or empty text when it did
 * @param recomputed the metrics re-computed on the evaluation split, by key; they replace the
 *     trainer's values in the evaluation
 * @param checks one check per re-computed metric: does it agree with the reported value
 * @param notes what was not verified and why, for the report's warnings
 */
public record Verification(
    boolean modelLoads,
    String loadProblem,
    Map<String, Double> recomputed,
    List<CheckResult> checks,
    List<String> notes) {

  public Verification {
    Objects.requireNonNull(loadProblem, "loadProblem");
    recomputed = Map.copyOf(Objects.requireNonNull(recomputed, "recomputed"));
    checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
  }
}
