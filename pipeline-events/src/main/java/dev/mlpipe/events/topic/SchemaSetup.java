package dev.mlpipe.events.topic;

import dev.mlpipe.events.registry.SchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Registers the value schema of every catalogue topic under its subject ({@code <topic>-value}), so
 * that a schema change the registry's compatibility rules refuse is found when the pipeline starts,
 * with the registry's reason, not at the first event a stage publishes.
 */
public final class SchemaSetup {

  private final SchemaRegistryClient registry;

  public SchemaSetup(SchemaRegistryClient registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Registers every catalogue schema (idempotent: a registered schema keeps its id).
   *
   * @return each subject with its schema id, in catalogue order
   * @throws IllegalStateException naming the subject and the registry's reason when one is refused
   */
  public Map<String, Integer> registerCatalogue() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topic<? extends SpecificRecord> topic : Topics.ALL) {
      Schema schema = SpecificData.get().getSchema(topic.valueType());
      try {
        ids.put(topic.valueSubject(), registry.register(topic.valueSubject(), schema));
      } catch (SchemaRegistryException e) {
        throw new IllegalStateException(
            "the schema registry refused "
                + schema.getFullName()
                + " under subject "
                + topic.valueSubject()
                + ": "
                + e.getMessage()
                + " (error "
                + e.errorCode()
                + "); make the change BACKWARD compatible, e.g. give new fields a default",
            e);
      }
    }
    return ids;
  }
}
