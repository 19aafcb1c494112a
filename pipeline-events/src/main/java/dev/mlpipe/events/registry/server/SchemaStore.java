package dev.mlpipe.events.registry.server;

/**
 * The durable state of the registry: an append-only, totally ordered log of {@link
 * RegistryCommand}s. Every registry instance over the same log replays the same commands in the
 * same order with the same deterministic rules, so all of them agree on subjects, versions and
 * global ids (a new schema's id is derived from the position of the command that introduced it).
 *
 * <p>A store is read by the one registry that owns it: it remembers how far it has handed out the
 * log.
 */
public interface SchemaStore extends AutoCloseable {

  /**
   * Appends a command durably and returns its position. Positions grow strictly and are never
   * reused, also across restarts and across instances sharing the log.
   */
  long append(RegistryCommand command);

  /**
   * Hands every command not handed out yet to {@code reader}, in log order, up to the end of the
   * log as it is when this is called; returns when it has done so.
   */
  void catchUp(Reader reader);

  /** A short description for logs and errors, e.g. the topic and the bootstrap servers. */
  String describe();

  @Override
  void close();

  /** Receives the log's commands in order. */
  @FunctionalInterface
  interface Reader {
    void accept(long position, RegistryCommand command);
  }
}
