package dev.mlpipe.deployer.serving;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/** The routes of every served model, swapped as a whole so a request never sees half a change. */
public final class Routes {

  private final AtomicReference<Map<String, ModelRoute>> routes = new AtomicReference<>(Map.of());

  public Optional<ModelRoute> of(String model) {
    return Optional.ofNullable(routes.get().get(model));
  }

  /** Every route, by model. */
  public Map<String, ModelRoute> all() {
    return routes.get();
  }

  /** Replaces the model's route. */
  public void put(ModelRoute route) {
    routes.updateAndGet(
        current -> {
          Map<String, ModelRoute> next = new TreeMap<>(current);
          next.put(route.model(), route);
          return java.util.Collections.unmodifiableMap(next);
        });
  }
}
