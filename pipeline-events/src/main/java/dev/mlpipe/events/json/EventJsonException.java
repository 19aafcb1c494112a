package dev.mlpipe.events.json;

import java.util.List;
import java.util.stream.Collectors;

/** An event's JSON does not match its schema; {@link #problems()} lists every problem found. */
public class EventJsonException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String recordName;
  private final transient List<JsonProblem> problems;

  public EventJsonException(String recordName, List<JsonProblem> problems) {
    super(message(recordName, problems));
    this.recordName = recordName;
    this.problems = List.copyOf(problems);
  }

  /** The full name of the record the JSON was read as. */
  public String recordName() {
    return recordName;
  }

  /** Every problem, in document order. */
  public List<JsonProblem> problems() {
    return problems;
  }

  private static String message(String recordName, List<JsonProblem> problems) {
    return "JSON is not a valid "
        + recordName
        + " ("
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + "):\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
