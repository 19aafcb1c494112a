package dev.mlpipe.deployer.registry;

import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds deployment events that arrive from three topics in any interleaving into the registry in
 * the order they were made. Kafka orders a model's events within one topic only; across
 * model-deployed, rolled-back and deployment-failed the order is given by the hash chain: each
 * event carries the hash of the model's previous one ({@code previousEventHash}), so an event is
 * folded once its predecessor is, and waits until then. An event without a previous hash is folded
 * as it comes (the first of a model, or one written by a producer that does not chain).
 *
 * <p>Not thread-safe: one reader owns it.
 */
public final class ChainedRegistry {

  private ModelRegistry registry = ModelRegistry.empty();
  private final Map<String, List<SpecificRecord>> waiting = new HashMap<>();

  /** The registry of every event folded so far. */
  public ModelRegistry registry() {
    return registry;
  }

  /** Events waiting for their predecessor. */
  public int waitingCount() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Offers one event; returns the models whose history changed (possibly none when it waits, or
   * more events than this one when it completed a chain). Other event types are ignored.
   */
  public Set<String> offer(SpecificRecord event) {
    String model = modelOf(event);
    if (model == null) {
      return Set.of();
    }
    waiting.computeIfAbsent(model, m -> new ArrayList<>()).add(event);
    Set<String> changed = new LinkedHashSet<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      List<SpecificRecord> pending = waiting.get(model);
      Iterator<SpecificRecord> it = pending.iterator();
      while (it.hasNext()) {
        SpecificRecord next = it.next();
        String previous = previousHashOf(next);
        String last = registry.model(model).lastEventHash();
        if (previous == null || previous.equals(last)) {
          registry = registry.apply(next);
          it.remove();
          changed.add(model);
          progress = true;
          break;
        }
      }
    }
    if (waiting.get(model).isEmpty()) {
      waiting.remove(model);
    }
    return changed;
  }

  /**
   * Folds the events still waiting, model by model in the order they arrived, and returns the
   * models that changed. For a reader that has read everything there is and still holds events:
   * their predecessor will not come (a producer that hashed differently, e.g. under another schema
   * version), and a registry slightly out of order beats one that stops.
   */
  public Set<String> foldWaiting() {
    Set<String> changed = new LinkedHashSet<>();
    for (Map.Entry<String, List<SpecificRecord>> entry : waiting.entrySet()) {
      for (SpecificRecord event : entry.getValue()) {
        registry = registry.apply(event);
        changed.add(entry.getKey());
      }
    }
    waiting.clear();
    return changed;
  }

  private static String modelOf(SpecificRecord event) {
    if (event instanceof ModelDeployed d) {
      return d.getModel();
    } else if (event instanceof RolledBack r) {
      return r.getModel();
    } else if (event instanceof DeploymentFailed f) {
      return f.getModel();
    }
    return null;
  }

  private static String previousHashOf(SpecificRecord event) {
    if (event instanceof ModelDeployed d) {
      return d.getPreviousEventHash();
    } else if (event instanceof RolledBack r) {
      return r.getPreviousEventHash();
    }
    return ((DeploymentFailed) event).getPreviousEventHash();
  }
}
