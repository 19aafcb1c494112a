package dev.mlpipe.events.registry.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link SchemaStore} in this process's memory: for tests and throw-away registries. */
public final class InMemorySchemaStore implements SchemaStore {

  private final List<RegistryCommand> log = new ArrayList<>();
  private int handedOut;

  @Override
  public synchronized long append(RegistryCommand command) {
    log.add(Objects.requireNonNull(command, "command"));
    return log.size() - 1L;
  }

  @Override
  public synchronized void catchUp(Reader reader) {
    int end = log.size();
    while (handedOut < end) {
      reader.accept(handedOut, log.get(handedOut));
      handedOut++;
    }
  }

  @Override
  public String describe() {
    return "in-memory store";
  }

  @Override
  public void close() {
    // nothing to release: the log lives and dies with this object
  }
}
