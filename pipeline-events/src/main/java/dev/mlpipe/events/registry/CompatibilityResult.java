package dev.mlpipe.events.registry;

import java.util.List;

/**
 * The answer to a compatibility test.
 *
 * @param compatible whether the schema may be registered
 * @param messages why not, one line per incompatibility (empty when compatible)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
