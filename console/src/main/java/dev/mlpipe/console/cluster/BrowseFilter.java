package dev.mlpipe.console.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * Which messages a browse shows; every given criterion must hold, an empty filter shows all.
 *
 * @param key the record key, exactly
 * @param model the event's model (or the key, for records that cannot be decoded)
 * @param runId the event's run id, exactly, or its start (as the console shows short ids)
 */
public record BrowseFilter(Optional<String> key, Optional<String> model, Optional<String> runId) {

  public BrowseFilter {
    key = Objects.requireNonNull(key, "key").filter(s -> !s.isBlank()).map(String::trim);
    model = Objects.requireNonNull(model, "model").filter(s -> !s.isBlank()).map(String::trim);
    runId = Objects.requireNonNull(runId, "runId").filter(s -> !s.isBlank()).map(String::trim);
  }

  /** Shows every message. */
  public static final BrowseFilter NONE =
      new BrowseFilter(Optional.empty(), Optional.empty(), Optional.empty());

  /** Whether it shows every message. */
  public boolean isEmpty() {
    return key.isEmpty() && model.isEmpty() && runId.isEmpty();
  }

  /** Whether the message is shown. */
  public boolean matches(BrowsedRecord r) {
    if (key.isPresent() && !key.get().equals(r.key())) {
      return false;
    }
    if (model.isPresent() && !model.get().equals(r.model().orElse(r.key()))) {
      return false;
    }
    return runId.isEmpty() || r.runId().map(id -> id.startsWith(runId.get())).orElse(false);
  }
}
