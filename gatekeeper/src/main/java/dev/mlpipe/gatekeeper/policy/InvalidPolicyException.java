package dev.mlpipe.gatekeeper.policy;

import java.util.List;

/**
 * A policy that cannot be used: every problem found, each starting with its key path (e.g. {@code
 * gates.critical.rmse.max: must be a number, was 'low'}).
 */
public class InvalidPolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidPolicyException(String origin, List<String> problems) {
    super(
        "invalid gate policy "
            + origin
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "): "
            + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, each starting with its key path. */
  public List<String> problems() {
    return problems;
  }
}
