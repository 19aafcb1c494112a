package dev.mlpipe.events.json;

import java.util.Objects;

/**
 * One thing wrong with an event's JSON.
 *
 * @param path the field path, e.g. {@code meta.runId} or {@code report.checks[2].threshold}; empty
 *     for the document itself
 * @param message what was found and what was expected
 */
public record JsonProblem(String path, String message) {
  public JsonProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return (path.isEmpty() ? "(document)" : path) + ": " + message;
  }
}
