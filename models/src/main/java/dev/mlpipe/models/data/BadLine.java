package dev.mlpipe.models.data;

import java.util.Objects;

/** A line of a data file that did not parse: its 1-based number, its text and why. */
public record BadLine(long lineNumber, String text, String reason) {
  public BadLine {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return "line " + lineNumber + " (" + reason + "): " + text;
  }
}
