package dev.mlpipe.events.registry.server;

import dev.mlpipe.events.registry.SchemaRegistryException;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state kept in step with its store. Every request first reads the store's log to
 * its end, so an instance answers with what every instance on the same log has written. A write is
 * checked on the caught-up state (refusals and no-ops never reach the log), appended, and then the
 * log is read back to the appended command: the answer is what applying it in log order gave, so
 * two instances racing for the same subject or a new id cannot disagree.
 */
final class RegistryCore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryCore.class);

  private final SchemaStore store;
  private final RegistryState state = new RegistryState();
  private long awaited = -1;
  private Object awaitedAnswer;
  private SchemaRegistryException awaitedRefusal;

  RegistryCore(SchemaStore store) {
    this.store = Objects.requireNonNull(store, "store");
    synchronized (this) {
      catchUp();
    }
    log.info(
        "schema registry state loaded from {} up to position {}", store.describe(), position());
  }

  /** Answers a query on the caught-up state. */
  synchronized <T> T read(Function<RegistryState, T> query) {
    catchUp();
    return query.apply(state);
  }

  /** Carries out a command; returns its answer or throws the registry's refusal. */
  synchronized Object write(RegistryCommand command) {
    catchUp();
    RegistryState.Decision decision = state.decide(command);
    if (!decision.changesState()) {
      return decision.answer();
    }
    long at = store.append(command);
    awaited = at;
    awaitedAnswer = null;
    awaitedRefusal = null;
    try {
      catchUp();
      if (state.position() < at) {
        throw new SchemaStoreException(
            "wrote a change to "
                + store.describe()
                + " at position "
                + at
                + " but could read back only to "
                + state.position(),
            true,
            null);
      }
      if (awaitedRefusal != null) {
        // another instance's change won the race between our check and our append
        throw awaitedRefusal;
      }
      return awaitedAnswer;
    } finally {
      awaited = -1;
    }
  }

  synchronized long position() {
    return state.position();
  }

  private void catchUp() {
    store.catchUp(this::applyOne);
  }

  private void applyOne(long at, RegistryCommand command) {
    try {
      Object answer = state.apply(at, command);
      if (at == awaited) {
        awaitedAnswer = answer;
      }
    } catch (SchemaRegistryException e) {
      if (at == awaited) {
        awaitedRefusal = e;
      } else {
        log.debug("registry command at {} was refused on replay: {}", at, e.getMessage());
      }
    } catch (RuntimeException e) {
      // Skipping is deterministic (every instance fails the same way on the same command);
      // letting it escape would abandon the rest of the batch the store is handing out.
      log.error("registry command at {} could not be applied and is skipped: {}", at, command, e);
      if (at == awaited) {
        awaitedRefusal =
            new SchemaRegistryException(
                500,
                SchemaRegistryException.STORE_ERROR,
                "the registry could not apply the change: " + e);
      }
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
