package dev.mlpipe.events.registry.server;

import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** The registry's compatibility rules, judged with Avro's {@link SchemaCompatibility}. */
final class AvroCompatibility {

  /** An earlier version of a subject. */
  record Earlier(int version, Schema schema) {}

  private AvroCompatibility() {}

  /**
   * Whether {@code candidate} may follow {@code earlier} (oldest first) under {@code level}: the
   * non-transitive levels look at the newest earlier version only, the transitive ones at all.
   */
  static CompatibilityResult check(
      CompatibilityLevel level, Schema candidate, List<Earlier> earlier) {
    if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
      return new CompatibilityResult(true, List.of());
    }
    List<Earlier> targets = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
    boolean backward =
        level == CompatibilityLevel.BACKWARD
            || level == CompatibilityLevel.BACKWARD_TRANSITIVE
            || level == CompatibilityLevel.FULL
            || level == CompatibilityLevel.FULL_TRANSITIVE;
    boolean forward =
        level == CompatibilityLevel.FORWARD
            || level == CompatibilityLevel.FORWARD_TRANSITIVE
            || level == CompatibilityLevel.FULL
            || level == CompatibilityLevel.FULL_TRANSITIVE;
    List<String> messages = new ArrayList<>();
    for (Earlier old : targets) {
      if (backward) {
        collect(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
            "the new schema cannot read data written with version " + old.version(),
            messages);
      }
      if (forward) {
        collect(
            SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
            "version " + old.version() + " cannot read data written with the new schema",
            messages);
      }
    }
    return new CompatibilityResult(messages.isEmpty(), messages);
  }

  private static void collect(SchemaPairCompatibility pair, String context, List<String> sink) {
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    List<Incompatibility> incompatibilities = pair.getResult().getIncompatibilities();
    if (incompatibilities.isEmpty()) {
      sink.add(context + ": " + pair.getDescription());
      return;
    }
    for (Incompatibility i : incompatibilities) {
      sink.add(
          i.getType() + " at '" + i.getLocation() + "': " + i.getMessage() + " (" + context + ")");
    }
  }
}
