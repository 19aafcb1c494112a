package dev.mlpipe.cli.watch;

import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows topics without joining a consumer group (so watching never disturbs a stage): assigns
 * every partition, starts at the beginning or the end, and hands each record to a sink until told
 * to stop, a number of records was seen, or a deadline passed.
 */
public final class EventTail implements AutoCloseable {

  /** What receives the records; returns false to stop. */
  @FunctionalInterface
  public interface Sink {
    boolean accept(ConsumerRecord<String, byte[]> record);
  }

  private final PipelineClients clients;
  private final Consumer<String, byte[]> consumer;
  private final AtomicBoolean stopped = new AtomicBoolean();

  public EventTail(PipelineClients clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.consumer = clients.watcher();
  }

  /**
   * Assigns every partition of the topics, failing with a clear message when the broker cannot be
   * reached or a topic does not exist.
   */
  public void assign(Collection<String> topics, boolean fromBeginning) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      } catch (TimeoutException e) {
        throw clients.unreachable(e);
      }
      if (infos == null || infos.isEmpty()) {
        throw new UserError(
            "topic '"
                + topic
                + "' does not exist on "
                + clients.bootstrap()
                + "; `mlpipe topics create` creates the pipeline's topics");
      }
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      // Resolve the end positions now, so events published right after this call are seen.
      partitions.forEach(consumer::position);
    }
  }

  /**
   * Polls until the sink says stop, {@code max} records were accepted (0 = no limit), the deadline
   * passes (null = none) or {@link #stop()} is called. Returns how many records the sink received.
   */
  public long run(Sink sink, long max, Duration timeout) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    long seen = 0;
    while (!stopped.get()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      ConsumerRecords<String, byte[]> records;
      try {
        records = consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(250).toNanos())));
      } catch (WakeupException e) {
        break;
      }
      for (ConsumerRecord<String, byte[]> record : records) {
        seen++;
        if (!sink.accept(record) || (max > 0 && seen >= max)) {
          return seen;
        }
      }
    }
    return seen;
  }

  /**
   * Hands the sink every record from the current positions up to the end of the assigned partitions
   * as it is now (what was committed when this is called), then returns how many it handed over.
   * Events published meanwhile may or may not be included.
   *
   * @throws UserError when the end is not reached within {@code timeout}
   */
  public long readToEnd(Sink sink, Duration timeout) {
    Set<TopicPartition> partitions = consumer.assignment();
    Map<TopicPartition, Long> ends;
    try {
      ends = consumer.endOffsets(partitions);
    } catch (TimeoutException e) {
      throw clients.unreachable(e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = 0;
    while (!reached(ends)) {
      if (stopped.get()) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw new UserError(
            "read "
                + seen
                + " events but did not reach the end of the topics within "
                + timeout.toSeconds()
                + "s; is Kafka at "
                + clients.bootstrap()
                + " overloaded?");
      }
      ConsumerRecords<String, byte[]> records;
      try {
        records = consumer.poll(Duration.ofMillis(250));
      } catch (WakeupException e) {
        return seen;
      }
      for (ConsumerRecord<String, byte[]> record : records) {
        seen++;
        if (!sink.accept(record)) {
          return seen;
        }
      }
    }
    return seen;
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Makes {@link #run} return soon; safe to call from another thread. */
  public void stop() {
    stopped.set(true);
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
