package dev.mlpipe.trainer.spec;

import java.util.List;

/**
 * A training spec that cannot be used, with every problem found; each problem starts with the key
 * path it concerns, e.g. {@code candidates[1].recipe: unknown recipe 'svd'; known: ...}.
 */
public final class InvalidSpecException extends Exception {

  private final transient List<String> problems;

  public InvalidSpecException(String source, List<String> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidSpecException(String source, String problem, Throwable cause) {
    super(message(source, List.of(problem)), cause);
    this.problems = List.of(problem);
  }

  /** The problems, one per entry, each starting with its key path. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid spec has at least one problem");
    }
    return "invalid training spec "
        + source
        + " ("
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + "):\n  "
        + String.join("\n  ", problems);
  }
}
