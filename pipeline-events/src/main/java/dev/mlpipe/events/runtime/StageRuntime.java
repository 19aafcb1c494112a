package dev.mlpipe.events.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one instance of a plain-consumer stage: consume, decode, handle, and publish the handler's
 * records together with the consumed offsets in one Kafka transaction per poll.
 *
 * <p>Records arrive as bytes and are decoded here, one by one, so a record that cannot be decoded
 * fails alone: with {@link FailurePolicy#DEAD_LETTER} it goes unchanged to {@code <topic>.dlq} (see
 * {@link DeadLetters}) inside the same transaction and its neighbours are processed as usual; the
 * same holds for a handler that throws and for an output that cannot be encoded. When the
 * transaction itself fails with an abortable error it is aborted and the consumer is moved back to
 * the first offset of the batch, so the batch is processed again; after {@value
 * #MAX_CONSECUTIVE_ABORTS} aborts in a row, or on a fatal producer error (fenced by a newer
 * instance with the same transactional id, authorization), the stage stops with {@link
 * StageHealth#FAILED} without committing, so nothing is lost and nothing is published twice.
 *
 * <p>Metrics, tagged {@code stage}: {@code mlpipe.stage.records.in}, {@code .out}, {@code
 * .dead.lettered}, {@code .skipped} (counted when their transaction commits), {@code
 * mlpipe.stage.transactions.aborted} and the timer {@code mlpipe.stage.handling} (decode, handle,
 * encode of one record); and the consumer's Kafka client metrics ({@code
 * kafka.consumer.fetch.manager.records.lag.max}: the consumer lag).
 *
 * @param <I> the decoded input value type
 * @param <O> the output value type
 */
public final class StageRuntime<I, O> implements AutoCloseable {

  /** Aborted transactions in a row after which the stage gives up. */
  public static final int MAX_CONSECUTIVE_ABORTS = 10;

  private static final Logger log = LoggerFactory.getLogger(StageRuntime.class);

  private final StageConfig config;
  private final Deserializer<I> valueDeserializer;
  private final Serializer<O> valueSerializer;
  private final StageHandler<I, O> handler;
  private final Clock clock;
  private final StringDeserializer keyDeserializer = new StringDeserializer();
  private final StringSerializer keySerializer = new StringSerializer();

  private final Counter recordsIn;
  private final Counter recordsOut;
  private final Counter recordsDeadLettered;
  private final Counter recordsSkipped;
  private final Counter transactionsAborted;
  private final Timer handling;
  private final MeterRegistry meters;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile StageHealth health = StageHealth.STARTING;
  private volatile StageFailedException failure;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile Thread thread;

  /**
   * A stage runtime; nothing connects until {@link #start()}.
   *
   * @param config the stage
   * @param valueDeserializer decodes input values (keys are UTF-8 model names)
   * @param valueSerializer encodes output values
   * @param handler the stage's reaction to one event
   * @param meters where the stage's metrics are registered
   */
  public StageRuntime(
      StageConfig config,
      Deserializer<I> valueDeserializer,
      Serializer<O> valueSerializer,
      StageHandler<I, O> handler,
      MeterRegistry meters) {
    this(config, valueDeserializer, valueSerializer, handler, meters, Clock.systemUTC());
  }

  /** As the other constructor, with the clock that stamps dead letters. */
  public StageRuntime(
      StageConfig config,
      Deserializer<I> valueDeserializer,
      Serializer<O> valueSerializer,
      StageHandler<I, O> handler,
      MeterRegistry meters,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.meters = Objects.requireNonNull(meters, "meters");
    String stage = config.stageName();
    recordsIn = counter(meters, "mlpipe.stage.records.in", stage, "records consumed");
    recordsOut = counter(meters, "mlpipe.stage.records.out", stage, "records published");
    recordsDeadLettered =
        counter(meters, "mlpipe.stage.records.dead.lettered", stage, "records dead-lettered");
    recordsSkipped = counter(meters, "mlpipe.stage.records.skipped", stage, "records skipped");
    transactionsAborted =
        counter(meters, "mlpipe.stage.transactions.aborted", stage, "transactions aborted");
    handling =
        Timer.builder("mlpipe.stage.handling")
            .description("decode, handle and encode of one record")
            .tag("stage", stage)
            .register(meters);
  }

  /**
   * Starts the stage on its own thread and returns at once; {@link #health()} tells how it goes.
   */
  public StageRuntime<I, O> start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("stage " + config.transactionalId() + " is already started");
    }
    Thread t = new Thread(this::run, "mlpipe-stage-" + config.transactionalId());
    thread = t;
    t.start();
    return this;
  }

  /** The stage's state for {@code /health} and {@code /ready}. */
  public StageHealth health() {
    return health;
  }

  /** Why the stage failed, when it did. */
  public Optional<StageFailedException> failure() {
    return Optional.ofNullable(failure);
  }

  /** The stage's configuration. */
  public StageConfig config() {
    return config;
  }

  /** Waits until the stage has stopped (closed or failed); whether it did within the timeout. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the stage: lets the current transaction finish, wakes up a waiting poll and closes the
   * clients. Waits up to the configured close timeout, then interrupts a handler that is still busy
   * (its transaction is aborted and processed again by the next owner of the partitions).
   */
  @Override
  public void close() {
    closing.set(true);
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = thread;
    if (t == null) {
      health = StageHealth.STOPPED;
      stopped.countDown();
      return;
    }
    if (t == Thread.currentThread()) {
      return;
    }
    try {
      if (!stopped.await(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "stage {}: still busy after {}, interrupting its handler",
            config.transactionalId(),
            config.closeTimeout());
        t.interrupt();
        if (!stopped.await(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          log.error("stage {}: did not stop after an interrupt", config.transactionalId());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A thread for {@link Runtime#addShutdownHook} that closes this stage. */
  public Thread shutdownHook() {
    return new Thread(this::close, "mlpipe-stage-shutdown-" + config.transactionalId());
  }

  private void run() {
    MDC.put("stage", config.stageName());
    KafkaConsumer<byte[], byte[]> c = null;
    KafkaProducer<byte[], byte[]> p = null;
    KafkaClientMetrics consumerMetrics = null;
    try {
      p = new KafkaProducer<>(config.producerProperties());
      c = new KafkaConsumer<>(config.consumerProperties());
      consumer = c;
      // The consumer's own metrics, among them records-lag-max: the stage's consumer lag.
      consumerMetrics = new KafkaClientMetrics(c, List.of(Tag.of("stage", config.stageName())));
      consumerMetrics.bindTo(meters);
      p.initTransactions();
      c.subscribe(config.inputTopics());
      if (!closing.get()) {
        health = StageHealth.RUNNING;
      }
      log.info(
          "stage {} running: topics {}, group {}, transactional id {}, failure policy {}",
          config.stageName(),
          config.inputTopics(),
          config.groupId(),
          config.transactionalId(),
          config.failurePolicy());
      loop(c, p);
    } catch (WakeupException e) {
      log.debug("stage {}: woken up to close", config.stageName());
    } catch (StageFailedException e) {
      failure = e;
    } catch (InterruptException e) {
      if (!closing.get()) {
        failure = new StageFailedException("stage " + config.stageName() + " was interrupted", e);
      }
    } catch (RuntimeException | Error e) {
      failure =
          new StageFailedException(
              "stage " + config.stageName() + " stopped on an unexpected error: " + e, e);
    } finally {
      if (consumerMetrics != null) {
        consumerMetrics.close();
      }
      closeQuietly(c, p);
      consumer = null;
      StageFailedException f = failure;
      if (f != null) {
        health = StageHealth.FAILED;
        log.error("stage {} FAILED: {}", config.stageName(), f.getMessage(), f);
      } else {
        health = StageHealth.STOPPED;
        log.info("stage {} stopped", config.stageName());
      }
      stopped.countDown();
      MDC.remove("stage");
    }
  }

  private void loop(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> p) {
    int consecutiveAborts = 0;
    while (!closing.get()) {
      ConsumerRecords<byte[], byte[]> records = c.poll(config.pollTimeout());
      if (records.isEmpty()) {
        continue;
      }
      try {
        processBatch(c, p, records);
        consecutiveAborts = 0;
      } catch (KafkaException e) {
        if (isFatal(e)) {
          throw new StageFailedException(
              "stage "
                  + config.stageName()
                  + ": the transaction failed fatally ("
                  + e
                  + "); nothing of the batch was committed. If another instance uses the "
                  + "transactional id "
                  + config.transactionalId()
                  + ", give each instance its own instance id",
              e);
        }
        abort(c, p, records, e);
        if (++consecutiveAborts >= MAX_CONSECUTIVE_ABORTS) {
          throw new StageFailedException(
              "stage "
                  + config.stageName()
                  + ": "
                  + consecutiveAborts
                  + " transactions in a row were aborted, last because of "
                  + e,
              e);
        }
      }
    }
  }

  private void processBatch(
      Consumer<byte[], byte[]> c,
      Producer<byte[], byte[]> p,
      ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    BatchCounts counts = new BatchCounts();
    p.beginTransaction();
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        Optional<Exception> fatalRecord = processRecord(p, record, counts);
        if (fatalRecord.isPresent()) {
          // FAIL policy: keep what came before the failing record, leave the record itself.
          commit(c, p, processed);
          counts.publish();
          throw new StageFailedException(
              "stage "
                  + config.stageName()
                  + " stops on the record at "
                  + record.topic()
                  + "-"
                  + record.partition()
                  + "@"
                  + record.offset()
                  + " under failure policy FAIL: "
                  + fatalRecord.get()
                  + ". Fix the cause or switch the policy to dead-letter, then restart; the record"
                  + " is processed again",
              fatalRecord.get());
        }
        processed.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    commit(c, p, processed);
    counts.publish();
  }

  private void commit(
      Consumer<byte[], byte[]> c,
      Producer<byte[], byte[]> p,
      Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (!offsets.isEmpty()) {
      p.sendOffsetsToTransaction(offsets, c.groupMetadata());
    }
    p.commitTransaction();
    log.debug("stage {}: committed {}", config.stageName(), offsets);
  }

  /** Returns the error when the record must stop the stage (FAIL policy), else empty. */
  private Optional<Exception> processRecord(
      Producer<byte[], byte[]> p, ConsumerRecord<byte[], byte[]> record, BatchCounts counts) {
    List<ProducerRecord<byte[], byte[]>> encoded;
    Timer.Sample sample = Timer.start();
    try {
      InputEvent<I> event = decode(record);
      List<ProducerRecord<String, O>> outputs = handler.handle(event);
      encoded = encode(Objects.requireNonNull(outputs, "the handler returned null"), event);
    } catch (InterruptedException e) {
      // Closing: abort this transaction, the batch is processed again by the next owner.
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (Exception e) {
      return onFailure(p, record, e, counts);
    } finally {
      sample.stop(handling);
    }
    for (ProducerRecord<byte[], byte[]> output : encoded) {
      p.send(output);
    }
    counts.in++;
    counts.out += encoded.size();
    log.debug(
        "stage {}: {}-{}@{} -> {} records",
        config.stageName(),
        record.topic(),
        record.partition(),
        record.offset(),
        encoded.size());
    return Optional.empty();
  }

  private Optional<Exception> onFailure(
      Producer<byte[], byte[]> p,
      ConsumerRecord<byte[], byte[]> record,
      Exception error,
      BatchCounts counts) {
    switch (config.failurePolicy()) {
      case DEAD_LETTER -> {
        ProducerRecord<byte[], byte[]> deadLetter =
            DeadLetters.of(record, error, config.stageName(), Instant.now(clock));
        log.warn(
            "stage {}: record {}-{}@{} (key {}) failed, dead-lettered to {}: {}",
            config.stageName(),
            record.topic(),
            record.partition(),
            record.offset(),
            keyForLog(record),
            deadLetter.topic(),
            error.toString(),
            error);
        p.send(deadLetter);
        counts.in++;
        counts.deadLettered++;
        return Optional.empty();
      }
      case LOG_AND_SKIP -> {
        log.warn(
            "stage {}: record {}-{}@{} (key {}) failed, skipped: {}",
            config.stageName(),
            record.topic(),
            record.partition(),
            record.offset(),
            keyForLog(record),
            error.toString(),
            error);
        counts.in++;
        counts.skipped++;
        return Optional.empty();
      }
      case FAIL -> {
        return Optional.of(error);
      }
    }
    throw new IllegalStateException("unknown failure policy " + config.failurePolicy());
  }

  private void abort(
      Consumer<byte[], byte[]> c,
      Producer<byte[], byte[]> p,
      ConsumerRecords<byte[], byte[]> records,
      KafkaException cause) {
    log.warn(
        "stage {}: aborting the transaction of {} records and processing them again: {}",
        config.stageName(),
        records.count(),
        cause.toString(),
        cause);
    p.abortTransaction();
    transactionsAborted.increment();
    for (TopicPartition partition : records.partitions()) {
      // After a rebalance the partition may belong to another instance, which starts from the
      // committed offset anyway.
      if (c.assignment().contains(partition)) {
        c.seek(partition, records.records(partition).get(0).offset());
      }
    }
  }

  private InputEvent<I> decode(ConsumerRecord<byte[], byte[]> record) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.setReadOnly();
    String key = keyDeserializer.deserialize(record.topic(), headers, record.key());
    I value = valueDeserializer.deserialize(record.topic(), headers, record.value());
    return new InputEvent<>(
        record.topic(),
        record.partition(),
        record.offset(),
        key,
        value,
        headers,
        Instant.ofEpochMilli(Math.max(0, record.timestamp())));
  }

  private List<ProducerRecord<byte[], byte[]>> encode(
      List<ProducerRecord<String, O>> outputs, InputEvent<I> cause) {
    List<ProducerRecord<byte[], byte[]>> encoded = new ArrayList<>(outputs.size());
    for (ProducerRecord<String, O> output : outputs) {
      if (output == null) {
        throw new IllegalArgumentException(
            "the handler returned a null output record for " + cause.position());
      }
      RecordHeaders headers = new RecordHeaders(output.headers().toArray());
      encoded.add(
          new ProducerRecord<>(
              output.topic(),
              output.partition(),
              output.timestamp(),
              keySerializer.serialize(output.topic(), headers, output.key()),
              valueSerializer.serialize(output.topic(), headers, output.value()),
              headers));
    }
    return encoded;
  }

  private static String keyForLog(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
  }

  private static boolean isFatal(KafkaException e) {
    return e instanceof ApplicationRecoverableException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof UnsupportedVersionException
        || e instanceof InvalidTxnStateException;
  }

  private void closeQuietly(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> p) {
    Duration timeout = config.closeTimeout();
    if (c != null) {
      try {
        c.close(CloseOptions.timeout(timeout));
      } catch (RuntimeException e) {
        log.warn("stage {}: closing the consumer failed: {}", config.stageName(), e.toString());
      }
    }
    if (p != null) {
      try {
        p.close(timeout);
      } catch (RuntimeException e) {
        log.warn("stage {}: closing the producer failed: {}", config.stageName(), e.toString());
      }
    }
  }

  private static Counter counter(MeterRegistry meters, String name, String stage, String what) {
    return Counter.builder(name).description(what).tag("stage", stage).register(meters);
  }

  /** Counts of one transaction, added to the meters only when it commits. */
  private final class BatchCounts {
    long in;
    long out;
    long deadLettered;
    long skipped;

    void publish() {
      recordsIn.increment(in);
      recordsOut.increment(out);
      recordsDeadLettered.increment(deadLettered);
      recordsSkipped.increment(skipped);
    }
  }
}
