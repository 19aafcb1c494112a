package dev.mlpipe.events.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One registered version of a subject.
 *
 * @param subject the subject, e.g. {@code mlpipe.commit-value}
 * @param version the version within the subject, from 1
 * @param id the global schema id
 * @param schema the schema
 */
public record SchemaVersion(String subject, int version, int id, Schema schema) {
  public SchemaVersion {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    if (id < 0) {
      throw new IllegalArgumentException("id must not be negative, was " + id);
    }
  }
}
