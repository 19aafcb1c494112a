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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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

  @Override
  public String name() {
    return "publish-consume";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    long records = options.records(100_000, 1_000_000);
    long warmup = Math.max(10_000, records / 10);
    List<PredictionLogged> events = PredictionEvents.pool(POOL, MODELS, 42);
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(Files.createTempDirectory("mlpipe-bench-"), 0, true, Map.of());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory();
        Admin admin = Admin.create(kafka.adminConfig())) {
      Sizes sizes = measureSizes(events, registry.url());
      int rawRecordSize = (int) Math.round(sizes.value() + sizes.key());
      progress(
          "events: PredictionLogged, average value %.1f B (wire format) + key %.1f B;"
              + " raw records of %d B",
          sizes.value(), sizes.key(), rawRecordSize);
      Setup setup =
          new Setup(kafka.bootstrapServers(), registry.url(), admin, events, rawRecordSize);

      progress("warm-up: %,d records per path, discarded", warmup);
      round(setup, 0, warmup);

      List<Double> rawProduce = new ArrayList<>();
      List<Double> mlProduce = new ArrayList<>();
      List<Double> rawConsume = new ArrayList<>();
      List<Double> mlConsume = new ArrayList<>();
      for (int i = 1; i <= options.repetitions(); i++) {
        Round r = round(setup, i, records);
        rawProduce.add(r.rawProduce());
        mlProduce.add(r.mlProduce());
        rawConsume.add(r.rawConsume());
        mlConsume.add(r.mlConsume());
        progress(
            "run %d/%d: produce raw %,.0f vs mlpipe %,.0f records/s; consume raw %,.0f vs"
                + " mlpipe %,.0f records/s",
            i, options.repetitions(), r.rawProduce(), r.mlProduce(), r.rawConsume(), r.mlConsume());
      }

      List<String> common =
          List.of(
              String.format(
                  Locale.ROOT,
                  "%,d records per run, %d runs (median shown), after a discarded warm-up of %,d"
                      + " records per path; raw and mlpipe alternate which goes first",
                  records,
                  options.repetitions(),
                  warmup),
              "one in-process KRaft broker (EmbeddedKafka defaults) and the embedded schema"
                  + " registry (in-memory store) over HTTP on 127.0.0.1, in the benchmark's JVM;"
                  + " a fresh topic per run with "
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
                  sizes.value(),
                  sizes.key(),
                  MODELS,
                  rawRecordSize));
      List<String> publishNotes = new ArrayList<>(common);
      publishNotes.add(
          "both producers: acks=all, every other setting the client default (batch.size 16384,"
              + " linger.ms 5, compression none, idempotence on); mlpipe keys records by model,"
              + " ProducerPerformance sends them without key (sticky partitioner)");
      publishNotes.add(
          "mlpipe: a new HttpSchemaRegistryClient and KafkaProducer<String, PredictionLogged>"
              + " with EventSerdes' AvroWireSerializer per run (the schema id is resolved over"
              + " HTTP on the first send); timed from the first send to the end of flush();"
              + " baseline: ProducerPerformance --throughput -1, its records/sec");
      List<String> consumeNotes = new ArrayList<>(common);
      consumeNotes.add(
          "both consumers: ConsumerPerformance's settings (receive.buffer.bytes 2 MiB,"
              + " max.partition.fetch.bytes 1 MiB, check.crcs false, earliest), a new group per"
              + " run, timed from after the consumer is created (subscribe, join and fetch"
              + " included) until N records are read");
      consumeNotes.add(
          "mlpipe: KafkaConsumer<String, byte[]> decoding every value with the topic's"
              + " EventDecoder into PredictionLogged (a new HttpSchemaRegistryClient per run:"
              + " the writer schema is fetched by id over HTTP on the first record);"
              + " baseline: ConsumerPerformance's nMsg.sec");
      return List.of(
          BenchResult.compared(
              "publish",
              "mlpipe publish (PredictionLogged, Avro + registry, acks=all)",
              "records/s",
              mlProduce,
              BenchResult.Baseline.of("ProducerPerformance", rawProduce),
              GOAL,
              BenchResult.Direction.HIGHER_IS_BETTER,
              publishNotes,
              run),
          BenchResult.compared(
              "consume-decode",
              "mlpipe consume + decode (PredictionLogged)",
              "records/s",
              mlConsume,
              BenchResult.Baseline.of("ConsumerPerformance", rawConsume),
              GOAL,
              BenchResult.Direction.HIGHER_IS_BETTER,
              consumeNotes,
              run));
    }
  }

  private record Setup(
      String bootstrap,
      String registryUrl,
      Admin admin,
      List<PredictionLogged> events,
      int rawRecordSize) {}

  private record Round(double rawProduce, double mlProduce, double rawConsume, double mlConsume) {}

  private record Sizes(double value, double key) {}

  /** One raw and one mlpipe topic; produce both, consume both, delete both. */
  private Round round(Setup s, int index, long records) throws Exception {
    String rawTopic = "bench-raw-" + index;
    String mlTopic = "bench-mlpipe-" + index;
    try (TopicSetup topics = new TopicSetup(s.admin(), 1)) {
      topics.create(
          new TopicSetup.Spec(rawTopic, TOPIC.partitions(), TOPIC.configs()),
          new TopicSetup.Spec(mlTopic, TOPIC.partitions(), TOPIC.configs()));
    }
    awaitLeaders(s.admin(), List.of(rawTopic, mlTopic));
    boolean rawFirst = index % 2 == 1;
    double rawProduce;
    double mlProduce;
    if (rawFirst) {
      rawProduce = rawProduce(s, rawTopic, records);
      mlProduce = mlPublish(s, mlTopic, records);
    } else {
      mlProduce = mlPublish(s, mlTopic, records);
      rawProduce = rawProduce(s, rawTopic, records);
    }
    double rawConsume;
    double mlConsume;
    if (rawFirst) {
      rawConsume = rawConsume(s, rawTopic, records, index);
      mlConsume = mlConsume(s, mlTopic, records, index);
    } else {
      mlConsume = mlConsume(s, mlTopic, records, index);
      rawConsume = rawConsume(s, rawTopic, records, index);
    }
    s.admin().deleteTopics(List.of(rawTopic, mlTopic)).all().get(60, TimeUnit.SECONDS);
    return new Round(rawProduce, mlProduce, rawConsume, mlConsume);
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
    Map<String, Object> props = new HashMap<>(PRODUCER_SETTINGS);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "mlpipe-bench-producer");
    List<PredictionLogged> events = s.events();
    int pool = events.size();
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (HttpSchemaRegistryClient client =
            new HttpSchemaRegistryClient(RegistryClientConfig.of(s.registryUrl()));
        KafkaProducer<String, PredictionLogged> producer =
            new KafkaProducer<>(
                props,
                EventSerdes.keySerializer(),
                new EventSerdes(client).valueSerializer(TOPIC))) {
      quiesce();
      long start = System.nanoTime();
      for (long i = 0; i < records; i++) {
        PredictionLogged event = events.get((int) (i % pool));
        producer.send(
            new ProducerRecord<>(topic, event.getModel(), event),
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
            "mlpipe publish to " + topic + " failed: " + failure.get(), failure.get());
      }
      if (acked.get() != records) {
        throw new IllegalStateException(
            "mlpipe publish to " + topic + ": " + acked.get() + " of " + records + " acked");
      }
      return records / (elapsed / 1e9);
    }
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
    Map<String, Object> props = new HashMap<>(CONSUMER_SETTINGS);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-mlpipe-consumer-" + index);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-bench-consumer");
    long read = 0;
    long checksum = 0;
    try (HttpSchemaRegistryClient client =
            new HttpSchemaRegistryClient(RegistryClientConfig.of(s.registryUrl()));
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                props, EventSerdes.keyDeserializer(), new ByteArrayDeserializer())) {
      EventDecoder<PredictionLogged> decoder = new EventSerdes(client).decoder(TOPIC);
      quiesce();
      long start = System.nanoTime();
      consumer.subscribe(List.of(topic));
      long lastRecordAt = start;
      while (read < records) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        if (batch.isEmpty()) {
          if (now - lastRecordAt > CONSUME_IDLE_TIMEOUT.toNanos()) {
            throw new IllegalStateException(
                "mlpipe consume of "
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
        for (ConsumerRecord<String, byte[]> r : batch) {
          PredictionLogged event = decoder.decode(r.topic(), r.partition(), r.offset(), r.value());
          checksum += event.getLatencyMicros() + r.key().length();
          read++;
        }
      }
      long elapsed = System.nanoTime() - start;
      if (checksum <= 0) {
        throw new IllegalStateException("mlpipe consume of " + topic + " decoded nothing");
      }
      return read / (elapsed / 1e9);
    }
  }

  /** Average serialized value and key sizes over the pool, through the real serializer. */
  private Sizes measureSizes(List<PredictionLogged> events, String registryUrl) {
    String topic = "bench-size-probe";
    try (HttpSchemaRegistryClient client =
        new HttpSchemaRegistryClient(RegistryClientConfig.of(registryUrl))) {
      AvroWireSerializer<PredictionLogged> serializer =
          new EventSerdes(client).valueSerializer(TOPIC);
      long valueBytes = 0;
      long keyBytes = 0;
      for (PredictionLogged event : events) {
        valueBytes += serializer.serialize(topic, event).length;
        keyBytes += event.getModel().getBytes(StandardCharsets.UTF_8).length;
      }
      return new Sizes((double) valueBytes / events.size(), (double) keyBytes / events.size());
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
