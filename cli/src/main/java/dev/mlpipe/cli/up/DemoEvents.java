package dev.mlpipe.cli.up;

import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.watch.EventTail;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run events published since the demo started (every pipeline topic but serving's traffic),
 * collected by a background reader, so the demo can wait for the event it needs next.
 */
final class DemoEvents implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoEvents.class);

  private final List<PipelineEvent> events = new ArrayList<>();
  private final EventTail tail;
  private final EventCodec codec;
  private final Thread reader;

  DemoEvents(String bootstrap, java.net.URI registry) {
    this.codec = EventCodec.connect(registry);
    this.tail = new EventTail(new PipelineClients(bootstrap));
    List<String> names = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      if (topic != Topics.PREDICTION_LOGGED && topic != Topics.FEEDBACK) {
        names.add(topic.name());
      }
    }
    tail.assign(names, false);
    this.reader =
        new Thread(
            () ->
                tail.run(
                    record -> {
                      try {
                        SpecificRecord value =
                            codec.decode(
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                record.value());
                        if (value != null) {
                          add(
                              new PipelineEvent(
                                  record.topic(), record.partition(), record.offset(), value));
                        }
                      } catch (RuntimeException e) {
                        log.warn(
                            "demo: left out an undecodable record {}/{}@{}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                      }
                      return true;
                    },
                    0,
                    null),
            "mlpipe-demo-events");
    reader.setDaemon(true);
    reader.start();
  }

  private synchronized void add(PipelineEvent event) {
    events.add(event);
    notifyAll();
  }

  /** Every event so far, in the order read. */
  synchronized List<PipelineEvent> all() {
    return List.copyOf(events);
  }

  /** The first event (in the order read) that matches, waiting up to {@code timeout} for it. */
  synchronized Optional<PipelineEvent> await(Predicate<PipelineEvent> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    while (true) {
      for (; checked < events.size(); checked++) {
        if (match.test(events.get(checked))) {
          return Optional.of(events.get(checked));
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public void close() {
    tail.stop();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tail.close();
    codec.close();
  }
}
