package dev.mlpipe.deployer.registry;

import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every model's {@link ModelHistory}: an immutable value, each {@link #apply} returns the next one.
 * Events of other types are ignored, so a reader may feed it whatever it consumes.
 */
public final class ModelRegistry {

  private static final ModelRegistry EMPTY = new ModelRegistry(Map.of());

  private final Map<String, ModelHistory> models;

  private ModelRegistry(Map<String, ModelHistory> models) {
    this.models = models;
  }

  /** The registry before any event. */
  public static ModelRegistry empty() {
    return EMPTY;
  }

  /** The registry after the events, in order. */
  public static ModelRegistry of(Iterable<? extends SpecificRecord> events) {
    ModelRegistry registry = EMPTY;
    for (SpecificRecord event : events) {
      registry = registry.apply(event);
    }
    return registry;
  }

  /** The registry after one more event; itself for events that are not deployment facts. */
  public ModelRegistry apply(SpecificRecord event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof ModelDeployed d) {
      return with(model(d.getModel()).apply(d));
    } else if (event instanceof RolledBack r) {
      return with(model(r.getModel()).apply(r));
    } else if (event instanceof DeploymentFailed f) {
      return with(model(f.getModel()).apply(f));
    }
    return this;
  }

  /** The model's history; an empty one for a model without events. */
  public ModelHistory model(String model) {
    ModelHistory history = models.get(model);
    return history != null ? history : ModelHistory.empty(model);
  }

  /** The model's history, if it has any event. */
  public Optional<ModelHistory> find(String model) {
    return Optional.ofNullable(models.get(model));
  }

  /** Every model with at least one event, by name. */
  public Map<String, ModelHistory> models() {
    return models;
  }

  private ModelRegistry with(ModelHistory history) {
    Map<String, ModelHistory> next = new TreeMap<>(models);
    next.put(history.model(), history);
    return new ModelRegistry(Collections.unmodifiableMap(next));
  }
}
