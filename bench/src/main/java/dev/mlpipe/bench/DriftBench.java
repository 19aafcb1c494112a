package dev.mlpipe.bench;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.topology.DriftTopology;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.RegistryClientConfig;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.runtime.FailurePolicy;
import dev.mlpipe.events.runtime.StreamsStageConfig;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.TrainingFinished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift monitor's throughput: prediction events per second through the drift topology
 * (exactly-once Kafka Streams: decode, per-window sketches, the pending-prediction store for the
 * feedback join, windows judged against the training reference) next to a plain consumer reading
 * the same records from the same topic, in the same round.
 *
 * <p>Each round appends N new predictions to {@code mlpipe.prediction-logged} while the topology is
 * stopped, then reads exactly those records twice: with a plain {@code KafkaConsumer<byte[],
 * byte[]>} (assign + seek, no decode) and with the drift monitor's topology, resumed under its
 * application id with its state (references, open windows) kept from the rounds before. The
 * topology is timed from its first committed progress to the commit of the last record, so its
 * start (rebalance, state restore) is not counted; the consumer from its first record to its last.
 */
public final class DriftBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(DriftBench.class);

  /** Goal of the issue: at least half of the plain consumer's rate. */
  private static final double GOAL = 0.5;

  /** Goal of the issue, absolute: predictions per second on 2 cores. */
  private static final double ABSOLUTE_GOAL = 100_000;

  private static final int MODELS = 8;
  private static final int POOL = 50_000;
  private static final long WINDOW = 10_000;
  private static final String APPLICATION_ID = "drift-monitor-bench";
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Until the first commit: the first round creates the internal topics and, on a fresh broker, the
   * offsets and transaction-state topics, which takes minutes on a loaded machine.
   */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Streams properties beyond the stage's own: the topology's (as DriftMonitorApp sets them), then
   * any from -Dbench.drift.streams=key=value,key=value.
   */
  private static final Map<String, String> STREAMS = streamsOverrides();

  private static final String[] NUMERIC = {"userId", "hourOfDay", "sessionMinutes"};
  private static final String[] CATEGORICAL = {"country", "device"};

  @Override
  public String name() {
    return "drift";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    long records = options.records(200_000, 1_000_000);
    long warmup = Math.max(50_000, records / 5);
    List<PredictionLogged> pool = onlyVersion(PredictionEvents.pool(POOL, MODELS, 42), "v1");
    Set<String> models = new LinkedHashSet<>();
    pool.forEach(p -> models.add(p.getModel()));
    Path dir = Files.createTempDirectory("mlpipe-drift-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, true, Map.of());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory();
        HttpSchemaRegistryClient client =
            new HttpSchemaRegistryClient(RegistryClientConfig.of(registry.url()));
        Admin admin = Admin.create(kafka.adminConfig());
        TopicSetup topics = new TopicSetup(admin, 1)) {
      topics.createCatalogue();
      EventSerdes serdes = new EventSerdes(client);
      DriftMonitorSettings settings =
          new DriftMonitorSettings(
              "count",
              "PT5M",
              WINDOW,
              400,
              10_000,
              true,
              "PT1S",
              "PT1H",
              0.2,
              DriftMonitorSettings.DEFAULTS.thresholds());
      // Event time: 1 ms per prediction, rounds one after another, starting a day before now. The
      // prediction topic keeps a week: records stamped further back (a fixed date did this once
      // the calendar passed it) were deleted by the broker's first retention check, 30 s after
      // it started, under both readers' feet, and the round stalled with its records unread.
      long roundSpan = Math.max(records, warmup) + 1_000;
      long eventStart = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
      Setup s =
          new Setup(
              kafka.bootstrapServers(),
              admin,
              serdes,
              settings,
              pool,
              dir.resolve("state"),
              eventStart,
              roundSpan);
      try (KafkaProducer<String, byte[]> producer = producer(s)) {
        for (String model : models) {
          TrainingFinished reference = reference(model, "v1", pool);
          producer.send(
              new ProducerRecord<>(
                  Topics.TRAINING_FINISHED.name(),
                  null,
                  0L,
                  model,
                  serdes
                      .valueSerializer(Topics.TRAINING_FINISHED)
                      .serialize(Topics.TRAINING_FINISHED.name(), reference)));
        }
        producer.flush();
        progress(
            "warm-up: %,d predictions, discarded (also loads the %d references)",
            warmup, models.size());
        round(s, producer, 0, warmup);

        List<Double> topology = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        for (int i = 1; i <= options.repetitions(); i++) {
          Round r = round(s, producer, i, records);
          topology.add(r.topology());
          plain.add(r.plain());
          progress(
              "run %d/%d: drift topology %,.0f, plain consumer %,.0f predictions/s (%.2f)",
              i, options.repetitions(), r.topology(), r.plain(), r.topology() / r.plain());
        }
        long detections = countRecords(s, Topics.DRIFT_DETECTED.name());
        double median = Stats.median(topology);
        List<String> notes =
            List.of(
                String.format(
                    Locale.ROOT,
                    "%,d new predictions per round, %d rounds (median shown), after a discarded"
                        + " warm-up round of %,d; both paths read the same records of the round",
                    records,
                    options.repetitions(),
                    warmup),
                "one in-process KRaft broker and the embedded schema registry in the benchmark's"
                    + " JVM; "
                    + Topics.PREDICTION_LOGGED.name()
                    + " with "
                    + Topics.PREDICTION_LOGGED.partitions()
                    + " partitions; PredictionLogged of "
                    + MODELS
                    + " models (one version each, with its training reference: 3 numeric + 2"
                    + " categorical inputs and the score)",
                "drift topology: DriftTopology as DriftMonitorApp runs it (exactly_once_v2,"
                    + " commit every "
                    + DriftTopology.COMMIT_INTERVAL.toMillis()
                    + " ms, one stream thread, RocksDB state, "
                    + DriftTopology.STREAMS_PROPERTIES
                    + "), count windows of "
                    + WINDOW
                    + " predictions, so every round judges windows; timed from its first committed"
                    + " progress to the commit of the round's last record (start-up and restore"
                    + " not counted)",
                "plain consumer: KafkaConsumer<byte[], byte[]>, read_committed, assign + seek to"
                    + " the round's first offsets, no decode; timed from its first record to the"
                    + " last",
                String.format(
                    Locale.ROOT,
                    "absolute goal: >= %,.0f predictions/s on 2 cores; measured %,.0f: %s",
                    ABSOLUTE_GOAL,
                    median,
                    median >= ABSOLUTE_GOAL ? "met" : "NOT met"),
                "DriftDetected published over all rounds (no drift injected; the inputs are"
                    + " drawn from the reference's own distribution): "
                    + detections);
        return List.of(
            BenchResult.compared(
                "drift-predictions",
                "drift monitor: predictions judged per second (DriftTopology, exactly-once)",
                "predictions/s",
                topology,
                BenchResult.Baseline.of(
                    "plain KafkaConsumer<byte[], byte[]> on the same records", plain),
                GOAL,
                BenchResult.Direction.HIGHER_IS_BETTER,
                notes,
                run));
      }
    }
  }

  /** Everything one round needs. */
  private record Setup(
      String bootstrap,
      Admin admin,
      EventSerdes serdes,
      DriftMonitorSettings settings,
      List<PredictionLogged> pool,
      Path stateDir,
      long eventStart,
      long roundSpan) {}

  private record Round(double topology, double plain) {}

  private Round round(Setup s, KafkaProducer<String, byte[]> producer, int index, long records)
      throws Exception {
    Map<TopicPartition, Long> from = endOffsets(s);
    produce(s, producer, index, records);
    Map<TopicPartition, Long> to = endOffsets(s);
    long total = sum(to) - sum(from);
    if (total != records) {
      throw new IllegalStateException("round " + index + ": produced " + total + " of " + records);
    }
    // Alternate which path goes first, so the page cache and the JIT favour neither.
    double plain;
    double topology;
    if (index % 2 == 0) {
      plain = plainConsume(s, from, to);
      topology = topology(s, from, to);
    } else {
      topology = topology(s, from, to);
      plain = plainConsume(s, from, to);
    }
    return new Round(topology, plain);
  }

  private static void produce(
      Setup s, KafkaProducer<String, byte[]> producer, int round, long records) {
    var serializer = s.serdes().valueSerializer(Topics.PREDICTION_LOGGED);
    List<byte[]> values = new ArrayList<>(s.pool().size());
    for (PredictionLogged p : s.pool()) {
      values.add(serializer.serialize(Topics.PREDICTION_LOGGED.name(), p));
    }
    // Event time moves forward 1 ms per prediction across rounds, as it would in serving.
    long base = s.eventStart() + round * s.roundSpan();
    for (long i = 0; i < records; i++) {
      int k = (int) (i % values.size());
      producer.send(
          new ProducerRecord<>(
              Topics.PREDICTION_LOGGED.name(),
              null,
              base + i,
              s.pool().get(k).getModel(),
              values.get(k)));
    }
    producer.flush();
  }

  private static double plainConsume(
      Setup s, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A round's records gone from the log (retention) must fail the round, not be skipped.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    long expected = sum(to) - sum(from);
    System.gc();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      long read = 0;
      long bytes = 0;
      long first = 0;
      long firstBatch = 0;
      long last = System.nanoTime();
      while (read < expected) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        if (batch.isEmpty()) {
          if (now - last > IDLE_TIMEOUT.toNanos()) {
            throw new IllegalStateException(
                "plain consumer: no record for " + IDLE_TIMEOUT + " after " + read);
          }
          continue;
        }
        for (var r : batch) {
          if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
            bytes += r.value().length;
            read++;
          }
        }
        if (first == 0) {
          first = now;
          firstBatch = read;
        }
        last = now;
      }
      if (bytes == 0 || last == first) {
        throw new IllegalStateException("plain consumer read nothing or all in one poll");
      }
      // Like the topology's: the records after the first poll, over the time after it.
      return (read - firstBatch) / ((last - first) / 1e9);
    }
  }

  private double topology(Setup s, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to)
      throws Exception {
    long start = sum(from);
    long end = sum(to);
    System.gc();
    StreamsStageConfig config =
        new StreamsStageConfig(
            APPLICATION_ID,
            s.bootstrap(),
            s.stateDir(),
            DriftTopology.COMMIT_INTERVAL,
            1,
            FailurePolicy.DEAD_LETTER,
            STREAMS);
    EventMetas metas = new EventMetas("drift-monitor@bench", Clock.systemUTC());
    try (KafkaStreams streams =
        new KafkaStreams(
            DriftTopology.build(s.serdes(), s.settings(), metas), config.toProperties())) {
      streams.start();
      long firstAt = 0;
      long firstCommitted = 0;
      long lastChange = System.nanoTime();
      long previous = -1;
      while (true) {
        long committed = committed(s, from.keySet());
        long now = System.nanoTime();
        if (committed != previous) {
          lastChange = now;
          previous = committed;
        } else if (now - lastChange > (firstAt == 0 ? START_TIMEOUT : IDLE_TIMEOUT).toNanos()) {
          dumpStreamThreads(s, from.keySet(), to);
          throw new IllegalStateException(
              "drift topology: no progress for "
                  + IDLE_TIMEOUT
                  + " at "
                  + (committed - start)
                  + " of "
                  + (end - start)
                  + "; state "
                  + streams.state());
        }
        if (firstAt == 0 && committed > start) {
          firstAt = now;
          firstCommitted = committed;
        }
        if (committed >= end) {
          if (firstCommitted >= end) {
            throw new IllegalStateException(
                "drift topology: the round was done before its first commit was seen; raise"
                    + " --records");
          }
          return (end - firstCommitted) / ((now - firstAt) / 1e9);
        }
        TimeUnit.MILLISECONDS.sleep(10);
      }
    } finally {
      LOG.info("drift topology stopped after a round");
    }
  }

  /** What a stalled topology was doing: committed vs end per partition, stream thread stacks. */
  private static void dumpStreamThreads(
      Setup s, Set<TopicPartition> partitions, Map<TopicPartition, Long> to) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        s.admin()
            .listConsumerGroupOffsets(APPLICATION_ID)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    partitions.forEach(p -> earliest.put(p, OffsetSpec.earliest()));
    var starts = s.admin().listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
    for (TopicPartition p : partitions) {
      // A log start beyond the committed offset: the records were deleted (retention), not unread.
      LOG.error(
          "stalled: {} committed {} end {} log start {}",
          p,
          offsets.get(p),
          to.get(p),
          starts.get(p).offset());
    }
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (thread.getName().contains("StreamThread")) {
                StringBuilder text = new StringBuilder();
                for (StackTraceElement e : stack) {
                  text.append("\n    at ").append(e);
                }
                LOG.error("stalled: thread {} {}{}", thread.getName(), thread.getState(), text);
              }
            });
  }

  /**
   * The application's committed offsets on prediction-logged, summed; the group's start if none.
   */
  private static long committed(Setup s, Set<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        s.admin()
            .listConsumerGroupOffsets(APPLICATION_ID)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    long sum = 0;
    for (TopicPartition p : partitions) {
      OffsetAndMetadata o = offsets.get(p);
      sum += o == null ? 0 : o.offset();
    }
    return sum;
  }

  private static Map<TopicPartition, Long> endOffsets(Setup s) throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (int p = 0; p < Topics.PREDICTION_LOGGED.partitions(); p++) {
      specs.put(new TopicPartition(Topics.PREDICTION_LOGGED.name(), p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> result =
        new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    s.admin()
        .listOffsets(specs)
        .all()
        .get(60, TimeUnit.SECONDS)
        .forEach((p, info) -> result.put(p, info.offset()));
    return result;
  }

  /** Records on a topic, read_committed (transaction markers not counted). */
  private static long countRecords(Setup s, String topic) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static KafkaProducer<String, byte[]> producer(Setup s) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    return new KafkaProducer<>(
        props,
        EventSerdes.keySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  private static List<PredictionLogged> onlyVersion(List<PredictionLogged> pool, String version) {
    List<PredictionLogged> result = new ArrayList<>(pool.size());
    for (PredictionLogged p : pool) {
      result.add(PredictionLogged.newBuilder(p).setVersion(version).build());
    }
    return result;
  }

  /** A training reference drawn from the same generator as the predictions: no drift. */
  static TrainingFinished reference(String model, String version, List<PredictionLogged> pool) {
    List<PredictionLogged> sample = pool.stream().filter(p -> p.getModel().equals(model)).toList();
    List<FeatureProfile> features = new ArrayList<>();
    for (String name : NUMERIC) {
      features.add(histogram(name, sample, p -> p.getNumericInputs().get(name)));
    }
    for (String name : CATEGORICAL) {
      Map<String, Long> counts = new TreeMap<>();
      sample.forEach(p -> counts.merge(p.getCategoricalInputs().get(name), 1L, Long::sum));
      features.add(
          FeatureProfile.newBuilder()
              .setName(name)
              .setKind(FeatureKind.CATEGORICAL)
              .setCount(sample.size())
              .setCategoryCounts(counts)
              .build());
    }
    return TrainingFinished.newBuilder()
        .setMeta(
            EventMeta.newBuilder()
                .setEventId("e-reference-" + model)
                .setRunId("run-bench")
                .setCausationId(null)
                .setOccurredAt(Instant.EPOCH)
                .setProducer("bench")
                .build())
        .setModel(model)
        .setVersion(version)
        .setCommitSha("c".repeat(40))
        .setRecipe("recommender-sgd-mf")
        .setArtifact(
            ArtifactRef.newBuilder()
                .setSha256("a".repeat(64))
                .setUri("file:///bench")
                .setSizeBytes(1)
                .build())
        .setMetrics(Map.of("rmse", 0.9))
        .setDataHash("d".repeat(64))
        .setEvalSplitHash("e".repeat(64))
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(sample.size())
                .setFeatures(features)
                .setPrediction(histogram("prediction", sample, PredictionLogged::getOutputScore))
                .build())
        .setTrainingMillis(1)
        .setEvaluationMillis(1)
        .setGatePolicy("")
        .build();
  }

  /** Ten equal-width bins over the sample's range, as the trainer's reference profiles have. */
  private static FeatureProfile histogram(
      String name, List<PredictionLogged> sample, ToDoubleFunction<PredictionLogged> value) {
    double[] values = sample.stream().mapToDouble(value).toArray();
    double min = java.util.Arrays.stream(values).min().orElseThrow();
    double max = java.util.Arrays.stream(values).max().orElseThrow();
    int bins = 10;
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= bins; i++) {
      edges.add(min + (max - min) * i / bins);
    }
    long[] counts = new long[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) ((v - min) / (max - min) * bins))]++;
    }
    return FeatureProfile.newBuilder()
        .setName(name)
        .setKind(FeatureKind.NUMERIC)
        .setCount(values.length)
        .setBinEdges(edges)
        .setBinCounts(java.util.Arrays.stream(counts).boxed().toList())
        .setMin(min)
        .setMax(max)
        .build();
  }

  private static Map<String, String> streamsOverrides() {
    Map<String, String> overrides = new TreeMap<>(DriftTopology.STREAMS_PROPERTIES);
    String text = System.getProperty("bench.drift.streams", "");
    for (String pair : text.split(",")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        overrides.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
      }
    }
    return overrides;
  }

  private static void progress(String format, Object... args) {
    System.out.println("bench: drift: " + String.format(Locale.ROOT, format, args));
  }
}
