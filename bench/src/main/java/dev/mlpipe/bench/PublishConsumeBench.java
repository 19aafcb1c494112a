package dev.mlpipe.bench;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.RegistryClientConfig;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventDecoder;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PredictionLogged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foundation benchmark: mlpipe's publish path (KafkaProducer + the Confluent wire-format
 * serializer + the schema registry over HTTP) against Kafka's {@code ProducerPerformance}, and its
 * consume+decode path (KafkaConsumer + {@link EventDecoder} into the generated class) against
 * {@code ConsumerPerformance}: one embedded broker, one embedded registry, the same record count,
 * record size, acks, compression, batching and partitions for both sides.
 */
public final class PublishConsumeBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PublishConsumeBench.class);

  /** The topic whose events are published: high volume, so its throughput matters. */
  private static final Topic<PredictionLogged> TOPIC = Topics.PREDICTION_LOGGED;

  /**
   * Producer settings shared by both paths; everything else is the client default for both
   * (batch.size 16384, linger.ms 5, compression none, idempotence on).
   */
  private static final Map<String, String> PRODUCER_SETTINGS = Map.of("acks", "all");

  /**
   * Consumer settings shared by both paths: what ConsumerPerformance sets for itself (its default
   * socket buffer and fetch size, check.crcs off, from the earliest offset).
   */
  private static final Map<String, String> CONSUMER_SETTINGS =
      Map.of(
          ConsumerConfig.RECEIVE_BUFFER_CONFIG, "2097152",
          ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576",
          ConsumerConfig.CHECK_CRCS_CONFIG, "false",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

  private static final double GOAL = 0.80;
  private static final int POOL = 4096;
  private static final int MODELS = 48;
  private static final Duration CONSUME_IDLE_TIMEOUT = Duration.ofSeconds(30);
  private static final int SERDE_RECORDS = 1_000_000;

  @Override
  public String name() {
    return "publish-consume";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    long records = options.records(100_000, 2_000_000);
    long warmup = Math.max(10_000, records / 10);
    List<PredictionLogged> events = PredictionEvents.pool(POOL, MODELS, 42);
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(Files.createTempDirectory("mlpipe-bench-"), 0, true, Map.of());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory();
        Admin admin = Admin.create(kafka.adminConfig())) {
      Encoded encoded = encode(events, registry.url());
      int rawRecordSize = (int) Math.round(encoded.averageValueSize() + encoded.averageKeySize());
      progress(
          "events: PredictionLogged, average value %.1f B (wire format) + key %.1f B;"
              + " raw records of %d B",
          encoded.averageValueSize(), encoded.averageKeySize(), rawRecordSize);
      Setup setup =
          new Setup(
              kafka.bootstrapServers(), registry.url(), admin, events, encoded, rawRecordSize);

      progress("warm-up: %,d records per path, discarded", warmup);
      round(setup, 0, warmup);

      Map<Path, List<Double>> samples = new EnumMap<>(Path.class);
      for (int i = 1; i <= options.repetitions(); i++) {
        Map<Path, Double> r = round(setup, i, records);
        r.forEach(
            (path, value) -> samples.computeIfAbsent(path, k -> new ArrayList<>()).add(value));
        progress(
            "run %d/%d: produce raw %,.0f, plain %,.0f, mlpipe %,.0f; consume raw %,.0f,"
                + " plain %,.0f, mlpipe %,.0f records/s",
            i,
            options.repetitions(),
            r.get(Path.RAW_PRODUCE),
            r.get(Path.PLAIN_PRODUCE),
            r.get(Path.MLPIPE_PUBLISH),
            r.get(Path.RAW_CONSUME),
            r.get(Path.PLAIN_CONSUME),
            r.get(Path.MLPIPE_CONSUME));
      }
      progress("serde alone: %,d records per sample", SERDE_RECORDS);
      List<Double> serializeNanos = new ArrayList<>();
      List<Double> decodeNanos = new ArrayList<>();
      serdeAlone(setup, serializeNanos, decodeNanos, 1); // warm-up
      serializeNanos.clear();
      decodeNanos.clear();
      serdeAlone(setup, serializeNanos, decodeNanos, options.repetitions());

      List<String> common =
          List.of(
              String.format(
                  Locale.ROOT,
                  "%,d records per run, %d runs (median shown), after a discarded warm-up of %,d"
                      + " records per path; the paths take turns going first",
                  records,
                  options.repetitions(),
                  warmup),
              "one in-process KRaft broker (EmbeddedKafka defaults) and the embedded schema"
                  + " registry (in-memory store) over HTTP on 127.0.0.1, in the benchmark's JVM"
                  + " (-Xmx2g, G1); a fresh topic per path and run with "
                  + TOPIC.partitions()
                  + " partitions (as "
                  + TOPIC.name()
                  + ")",
              String.format(
                  Locale.ROOT,
                  "PredictionLogged events (meta, 3 numeric + 2 categorical inputs, score, 5"
                      + " items): %.1f B per value in the wire format plus a %.1f B key (model"
                      + " name, %d models); the raw records are %d B values without key, the"
                      + " same bytes per record",
                  encoded.averageValueSize(),
                  encoded.averageKeySize(),
                  MODELS,
                  rawRecordSize));
      String producers =
          "producers: acks=all, every other setting the client default (batch.size 16384,"
              + " linger.ms 5, compression none, idempotence on); timed from the first send to"
              + " the end of flush(); ProducerPerformance (--throughput -1, its records/sec)"
              + " sends without key (sticky partitioner), mlpipe keys every record by model";
      String consumers =
          "consumers: ConsumerPerformance's settings (receive.buffer.bytes 2 MiB,"
              + " max.partition.fetch.bytes 1 MiB, check.crcs false, earliest), a new group per"
              + " run, timed as ConsumerPerformance times itself (nMsg.sec): from after the"
              + " consumer is created, subscribe and join included, until N records are read";
      return List.of(
          compared(
              "publish",
              "mlpipe publish (PredictionLogged, Avro + registry, acks=all)",
              samples.get(Path.MLPIPE_PUBLISH),
              "ProducerPerformance",
              samples.get(Path.RAW_PRODUCE),
              OptionalDouble.of(GOAL),
              run,
              common,
              producers,
              "mlpipe: a new HttpSchemaRegistryClient and KafkaProducer<String, PredictionLogged>"
                  + " with EventSerdes' AvroWireSerializer per run (the schema id is resolved"
                  + " over HTTP on the first send)"),
          compared(
              "consume-decode",
              "mlpipe consume + decode (PredictionLogged)",
              samples.get(Path.MLPIPE_CONSUME),
              "ConsumerPerformance",
              samples.get(Path.RAW_CONSUME),
              OptionalDouble.of(GOAL),
              run,
              common,
              consumers,
              "mlpipe: KafkaConsumer<String, byte[]> decoding every value with the topic's"
                  + " EventDecoder into PredictionLogged (a new HttpSchemaRegistryClient per run:"
                  + " the writer schema is fetched by id over HTTP on the first record)"),
          compared(
              "control-plain-produce",
              "control: plain KafkaProducer<byte[], byte[]>, same keys and pre-encoded values",
              samples.get(Path.PLAIN_PRODUCE),
              "ProducerPerformance",
              samples.get(Path.RAW_PRODUCE),
              OptionalDouble.empty(),
              run,
              common,
              producers,
              "control: the mlpipe records' exact key and value bytes, encoded before the clock"
                  + " starts; the gap to ProducerPerformance is keying and harness, the gap to"
                  + " mlpipe publish is Avro serialization"),
          compared(
              "control-plain-consume",
              "control: plain KafkaConsumer<byte[], byte[]> on the same keyed records, no decode",
              samples.get(Path.PLAIN_CONSUME),
              "ConsumerPerformance",
              samples.get(Path.RAW_CONSUME),
              OptionalDouble.empty(),
              run,
              common,
              consumers,
              "control: the same loop as mlpipe consume without decoding, on a topic holding"
                  + " exactly the mlpipe records' bytes; the gap to mlpipe consume is decoding"),
          alone(
              "serialize-ns",
              "Avro wire serialize alone (AvroWireSerializer, one thread, no Kafka)",
              serializeNanos,
              run),
          alone(
              "decode-ns",
              "Avro wire decode alone (EventDecoder into PredictionLogged, one thread, no Kafka)",
              decodeNanos,
              run));
    }
  }

  private static BenchResult compared(
      String id,
      String figure,
      List<Double> samples,
      String baselineName,
      List<Double> baselineSamples,
      OptionalDouble goal,
      RunInfo run,
      List<String> common,
      String... notes) {
    List<String> all = new ArrayList<>(List.of(notes));
    all.addAll(common);
    return new BenchResult(
        id,
        figure,
        Stats.median(samples),
        "records/s",
        samples,
        Optional.of(BenchResult.Baseline.of(baselineName, baselineSamples)),
        goal,
        BenchResult.Direction.HIGHER_IS_BETTER,
        all,
        run);
  }

  private static BenchResult alone(String id, String figure, List<Double> samples, RunInfo run) {
    return new BenchResult(
        id,
        figure,
        Stats.median(samples),
        "ns/record",
        samples,
        Optional.empty(),
        OptionalDouble.empty(),
        BenchResult.Direction.LOWER_IS_BETTER,
        List.of(
            String.format(
                Locale.ROOT,
                "%,d records per sample over the same %,d events, after a discarded sample; what"
                    + " the Kafka paths above pay per record on top of moving the bytes",
                SERDE_RECORDS,
                POOL)),
        run);
  }

  /** The measured paths of one round. */
  private enum Path {
    RAW_PRODUCE,
    PLAIN_PRODUCE,
    MLPIPE_PUBLISH,
    RAW_CONSUME,
    PLAIN_CONSUME,
    MLPIPE_CONSUME
  }

  private record Setup(
      String bootstrap,
      String registryUrl,
      Admin admin,
      List<PredictionLogged> events,
      Encoded encoded,
      int rawRecordSize) {}

  /** The events' key and value bytes as mlpipe writes them. */
  private record Encoded(List<byte[]> keys, List<byte[]> values) {
    double averageValueSize() {
      return values.stream().mapToInt(v -> v.length).average().orElseThrow();
    }

    double averageKeySize() {
      return keys.stream().mapToInt(k -> k.length).average().orElseThrow();
    }
  }

  /**
   * One topic per path; produce all three, consume all three, delete them. The paths take turns
   * going first so that none always runs on a fresher or a busier broker.
   */
  private Map<Path, Double> round(Setup s, int index, long records) throws Exception {
    String rawTopic = "bench-raw-" + index;
    String plainTopic = "bench-plain-" + index;
    String mlTopic = "bench-mlpipe-" + index;
    List<String> topicNames = List.of(rawTopic, plainTopic, mlTopic);
    try (TopicSetup topics = new TopicSetup(s.admin(), 1)) {
      topics.create(
          topicNames.stream()
              .map(t -> new TopicSetup.Spec(t, TOPIC.partitions(), TOPIC.configs()))
              .toList());
    }
    awaitLeaders(s.admin(), topicNames);
    Map<Path, Double> result = new EnumMap<>(Path.class);
    List<Path> producers =
        rotate(List.of(Path.RAW_PRODUCE, Path.PLAIN_PRODUCE, Path.MLPIPE_PUBLISH), index);
    for (Path path : producers) {
      double rate =
          switch (path) {
            case RAW_PRODUCE -> rawProduce(s, rawTopic, records);
            case PLAIN_PRODUCE -> plainProduce(s, plainTopic, records);
            default -> mlPublish(s, mlTopic, records);
          };
      result.put(path, rate);
    }
    List<Path> consumers =
        rotate(List.of(Path.RAW_CONSUME, Path.PLAIN_CONSUME, Path.MLPIPE_CONSUME), index);
    for (Path path : consumers) {
      double rate =
          switch (path) {
            case RAW_CONSUME -> rawConsume(s, rawTopic, records, index);
            case PLAIN_CONSUME -> plainConsume(s, plainTopic, records, index);
            default -> mlConsume(s, mlTopic, records, index);
          };
      result.put(path, rate);
    }
    s.admin().deleteTopics(topicNames).all().get(60, TimeUnit.SECONDS);
    return result;
  }

  private static <T> List<T> rotate(List<T> list, int by) {
    List<T> rotated = new ArrayList<>(list);
    Collections.rotate(rotated, by % list.size());
    return rotated;
  }

  /**
   * Waits until the broker leads every partition of the new topics: a producer that starts while
   * the broker is still taking leadership gets NOT_LEADER_OR_FOLLOWER and, with idempotence, can
   * end up stuck on an out-of-order sequence. Listing offsets needs the leader and is retried by
   * the admin client until it answers.
   */
  private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (String topic : topics) {
      for (int p = 0; p < TOPIC.partitions(); p++) {
        partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        admin.listOffsets(partitions).all().get(60, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "topics " + topics + " did not get a leader for every partition: " + e.getCause(), e);
        }
        LOG.debug("topics {} not ready yet: {}", topics, e.getCause().toString());
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  private double rawProduce(Setup s, String topic, long records) throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-server",
            s.bootstrap(),
            "--topic",
            topic,
            "--num-records",
            Long.toString(records),
            "--record-size",
            Integer.toString(s.rawRecordSize()),
            "--throughput",
            "-1",
            "--command-property"));
    PRODUCER_SETTINGS.forEach((k, v) -> args.add(k + "=" + v));
    quiesce();
    KafkaTools.ProducerReport report = KafkaTools.producerPerformance(args);
    if (report.records() != records) {
      throw new IllegalStateException(
          "ProducerPerformance sent " + report.records() + " records, expected " + records);
    }
    LOG.info("ProducerPerformance on {}: {}", topic, report.output().strip());
    return report.recordsPerSec();
  }

  private double mlPublish(Setup s, String topic, long records) throws Exception {
    try (HttpSchemaRegistryClient client =
            new HttpSchemaRegistryClient(RegistryClientConfig.of(s.registryUrl()));
        KafkaProducer<String, PredictionLogged> producer =
            new KafkaProducer<>(
                producerProps(s, "mlpipe-bench-producer"),
                EventSerdes.keySerializer(),
                new EventSerdes(client).valueSerializer(TOPIC))) {
      List<PredictionLogged> events = s.events();
      return timedSend(
          producer,
          topic,
          records,
          i -> {
            PredictionLogged event = events.get(i % events.size());
            return new ProducerRecord<>(topic, event.getModel(), event);
          });
    }
  }

  private double plainProduce(Setup s, String topic, long records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            producerProps(s, "plain-bench-producer"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<byte[]> keys = s.encoded().keys();
      List<byte[]> values = s.encoded().values();
      return timedSend(
          producer,
          topic,
          records,
          i -> new ProducerRecord<>(topic, keys.get(i % keys.size()), values.get(i % keys.size())));
    }
  }

  private static Map<String, Object> producerProps(Setup s, String clientId) {
    Map<String, Object> props = new HashMap<>(PRODUCER_SETTINGS);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /** Sends {@code records} records, flushes, and returns records/s; fails on any send error. */
  private static <K, V> double timedSend(
      KafkaProducer<K, V> producer,
      String topic,
      long records,
      IntFunction<ProducerRecord<K, V>> recordAt) {
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    quiesce();
    long start = System.nanoTime();
    for (long i = 0; i < records; i++) {
      producer.send(
          recordAt.apply((int) (i % Integer.MAX_VALUE)),
          (metadata, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            } else {
              acked.incrementAndGet();
            }
          });
    }
    producer.flush();
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException(
          "producing to " + topic + " failed: " + failure.get(), failure.get());
    }
    if (acked.get() != records) {
      throw new IllegalStateException(
          "producing to " + topic + ": " + acked.get() + " of " + records + " records acked");
    }
    return records / (elapsed / 1e9);
  }

  private double rawConsume(Setup s, String topic, long records, int index) throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-server",
            s.bootstrap(),
            "--topic",
            topic,
            "--num-records",
            Long.toString(records),
            "--group",
            "bench-raw-consumer-" + index,
            "--socket-buffer-size",
            CONSUMER_SETTINGS.get(ConsumerConfig.RECEIVE_BUFFER_CONFIG),
            "--fetch-size",
            CONSUMER_SETTINGS.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
            "--timeout",
            Long.toString(CONSUME_IDLE_TIMEOUT.toMillis())));
    quiesce();
    KafkaTools.ConsumerReport report = KafkaTools.consumerPerformance(args);
    if (report.records() < records) {
      throw new IllegalStateException(
          "ConsumerPerformance read " + report.records() + " records, expected " + records);
    }
    LOG.info("ConsumerPerformance on {}: {}", topic, report.output().strip());
    return report.recordsPerSec();
  }

  private double mlConsume(Setup s, String topic, long records, int index) throws Exception {
    try (HttpSchemaRegistryClient client =
            new HttpSchemaRegistryClient(RegistryClientConfig.of(s.registryUrl()));
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                consumerProps(s, "bench-mlpipe-consumer-" + index, "mlpipe-bench-consumer"),
                EventSerdes.keyDeserializer(),
                new ByteArrayDeserializer())) {
      EventDecoder<PredictionLogged> decoder = new EventSerdes(client).decoder(TOPIC);
      return timedConsume(
          consumer,
          topic,
          records,
          r ->
              decoder.decode(r.topic(), r.partition(), r.offset(), r.value()).getLatencyMicros()
                  + r.key().length());
    }
  }

  private double plainConsume(Setup s, String topic, long records, int index) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps(s, "bench-plain-consumer-" + index, "plain-bench-consumer"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      return timedConsume(consumer, topic, records, r -> r.value().length + r.key().length);
    }
  }

  private static Map<String, Object> consumerProps(Setup s, String group, String clientId) {
    Map<String, Object> props = new HashMap<>(CONSUMER_SETTINGS);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /**
   * Reads {@code records} records as ConsumerPerformance does (clock started after the consumer is
   * created, subscribe and join included), handing each to {@code perRecord}; returns records/s.
   */
  private static <K> double timedConsume(
      KafkaConsumer<K, byte[]> consumer,
      String topic,
      long records,
      ToLongFunction<ConsumerRecord<K, byte[]>> perRecord) {
    long read = 0;
    long checksum = 0;
    quiesce();
    long start = System.nanoTime();
    consumer.subscribe(List.of(topic));
    long lastRecordAt = start;
    while (read < records) {
      ConsumerRecords<K, byte[]> batch = consumer.poll(Duration.ofMillis(100));
      long now = System.nanoTime();
      if (batch.isEmpty()) {
        if (now - lastRecordAt > CONSUME_IDLE_TIMEOUT.toNanos()) {
          throw new IllegalStateException(
              "consuming "
                  + topic
                  + ": no record for "
                  + CONSUME_IDLE_TIMEOUT
                  + " after "
                  + read
                  + " of "
                  + records);
        }
        continue;
      }
      lastRecordAt = now;
      for (ConsumerRecord<K, byte[]> r : batch) {
        checksum += perRecord.applyAsLong(r);
        read++;
      }
    }
    long elapsed = System.nanoTime() - start;
    if (checksum <= 0) {
      throw new IllegalStateException("consuming " + topic + ": nothing was read");
    }
    return read / (elapsed / 1e9);
  }

  /** The events' key and value bytes through the real serializer (registering the schema). */
  private Encoded encode(List<PredictionLogged> events, String registryUrl) {
    String topic = "bench-size-probe";
    try (HttpSchemaRegistryClient client =
        new HttpSchemaRegistryClient(RegistryClientConfig.of(registryUrl))) {
      AvroWireSerializer<PredictionLogged> serializer =
          new EventSerdes(client).valueSerializer(TOPIC);
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      for (PredictionLogged event : events) {
        keys.add(event.getModel().getBytes(StandardCharsets.UTF_8));
        values.add(serializer.serialize(topic, event));
      }
      return new Encoded(keys, values);
    }
  }

  /**
   * Serializes and decodes {@link #SERDE_RECORDS} records per sample on this thread with the real
   * serde, no Kafka: the per-record price the Kafka paths pay for Avro and the wire format.
   */
  private void serdeAlone(
      Setup s, List<Double> serializeNanos, List<Double> decodeNanos, int samples) {
    String topic = "bench-size-probe";
    try (HttpSchemaRegistryClient client =
        new HttpSchemaRegistryClient(RegistryClientConfig.of(s.registryUrl()))) {
      EventSerdes serdes = new EventSerdes(client);
      AvroWireSerializer<PredictionLogged> serializer = serdes.valueSerializer(TOPIC);
      EventDecoder<PredictionLogged> decoder = serdes.decoder(TOPIC);
      List<PredictionLogged> events = s.events();
      List<byte[]> values = s.encoded().values();
      for (int sample = 0; sample < samples; sample++) {
        long checksum = 0;
        quiesce();
        long start = System.nanoTime();
        for (int i = 0; i < SERDE_RECORDS; i++) {
          checksum += serializer.serialize(topic, events.get(i % events.size())).length;
        }
        serializeNanos.add((System.nanoTime() - start) / (double) SERDE_RECORDS);
        quiesce();
        start = System.nanoTime();
        for (int i = 0; i < SERDE_RECORDS; i++) {
          checksum += decoder.decode(topic, 0, i, values.get(i % values.size())).getLatencyMicros();
        }
        decodeNanos.add((System.nanoTime() - start) / (double) SERDE_RECORDS);
        if (checksum <= 0) {
          throw new IllegalStateException("serde alone: nothing was serialized or decoded");
        }
      }
    }
  }

  /** Same starting point for every measurement: garbage from the previous one collected. */
  private static void quiesce() {
    System.gc();
  }

  private static void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    LOG.info(line);
    System.out.println("bench: " + line);
  }
}
