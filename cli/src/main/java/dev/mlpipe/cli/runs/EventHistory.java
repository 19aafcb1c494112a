package dev.mlpipe.cli.runs;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.watch.EventTail;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.events.registry.RegistryUnavailableException;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads every run event committed so far (all pipeline topics but the serving traffic, from the
 * beginning) and folds them into runs. A record that cannot be decoded is counted and reported on
 * standard error, never fatal: the rest of the history is still worth showing.
 */
final class EventHistory {

  /** Serving traffic is not part of a run and is by far the largest part of the log. */
  private static final List<Topic<?>> NOT_RUNS = List.of(Topics.PREDICTION_LOGGED, Topics.FEEDBACK);

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private EventHistory() {}

  /** The runs on the cluster, oldest first. */
  static List<Run> runs(ConnectionOptions connection, PrintWriter err) {
    return Runs.fold(read(connection, err));
  }

  static List<PipelineEvent> read(ConnectionOptions connection, PrintWriter err) {
    List<String> names = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      if (!NOT_RUNS.contains(topic)) {
        names.add(topic.name());
      }
    }
    List<PipelineEvent> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    try (EventCodec codec = EventCodec.connect(connection.registry());
        EventTail tail = new EventTail(clients)) {
      tail.assign(names, true);
      tail.readToEnd(
          record -> {
            try {
              SpecificRecord value =
                  codec.decode(record.topic(), record.partition(), record.offset(), record.value());
              if (value != null) {
                events.add(
                    new PipelineEvent(record.topic(), record.partition(), record.offset(), value));
              }
            } catch (RuntimeException e) {
              if (registryUnreachable(e)) {
                throw codec.explain(e, record.topic());
              }
              problems.add(e.getMessage());
            }
            return true;
          },
          TIMEOUT);
    }
    if (!problems.isEmpty()) {
      err.println(
          "mlpipe: left out "
              + problems.size()
              + " record(s) that could not be decoded; the first: "
              + problems.get(0));
      err.flush();
    }
    return events;
  }

  private static boolean registryUnreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }
}
