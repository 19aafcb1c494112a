package dev.mlpipe.cli.drift;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.watch.EventTail;
import dev.mlpipe.drift.DriftMonitorApp;
import dev.mlpipe.drift.backfill.ReplayedWindow;
import dev.mlpipe.drift.backfill.WindowReplay;
import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.stats.ModelReference;
import dev.mlpipe.drift.topology.ReferenceProfiles;
import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.TrainingFinished;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe drift backfill MODEL --since TIME}: past windows recomputed from the log. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Recomputes MODEL's drift windows from the predictions logged since TIME: reads"
          + " mlpipe.prediction-logged from the first offset at or after TIME to its current end,"
          + " places the predictions in windows, profiles and judges them exactly as the drift"
          + " monitor does (its configuration in --environment: window kind and size, sketch"
          + " sizes, thresholds) against each version's training reference from"
          + " mlpipe.training-finished, and prints one line per window with the drifted"
          + " statistics under it.",
      "",
      "It publishes nothing: a backfill looks back, and a DriftDetected from it would make the"
          + " trainer retrain for windows the live monitor already judged. To retrain after"
          + " reading it, use `mlpipe retrain`. Window numbers count from TIME, not the live"
          + " monitor's; the last window is judged as it stands when the log ends.",
      "",
      "Examples:",
      "  mlpipe drift backfill movielens-recsys --since 6h",
      "  mlpipe drift backfill movielens-recsys --since 2026-11-23T10:00:00Z --environment"
          + " production"
    })
public final class DriftBackfillCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
  String model;

  @Option(
      names = "--since",
      required = true,
      paramLabel = "TIME",
      description =
          "From when: an instant (2026-11-23T10:00:00Z), a day (2026-11-23, from midnight UTC) or"
              + " a time ago (6h, 2d, PT30M).")
  String since;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      defaultValue = "${env:MLPIPE_ENV:-dev}",
      description =
          "Whose drift-monitor settings (windows, thresholds) apply (default: ${DEFAULT-VALUE}).")
  String environment;

  @Mixin ConnectionOptions connection;

  @Spec CommandSpec spec;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant from;
    try {
      from = BackfillReport.since(since, clock);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2, e);
    }
    DriftMonitorSettings settings;
    try {
      settings = DriftMonitorApp.settings(PipelineConfig.load(environment));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserError(
          "the drift-monitor settings of environment '" + environment + "': " + e.getMessage(),
          2,
          e);
    }
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    try (EventCodec codec = EventCodec.connect(connection.registry())) {
      Map<String, TrainingFinished> references = new HashMap<>();
      TreeSet<String> trained = new TreeSet<>();
      try (EventTail tail = new EventTail(clients)) {
        tail.assign(List.of(Topics.TRAINING_FINISHED.name()), true);
        tail.readToEnd(
            record -> {
              if (codec.decode(record.topic(), record.partition(), record.offset(), record.value())
                  instanceof TrainingFinished f) {
                trained.add(f.getModel());
                if (f.getModel().equals(model)) {
                  references.put(f.getVersion(), f);
                }
              }
              return true;
            },
            TIMEOUT);
      }
      WindowReplay replay = new WindowReplay(settings, version -> reference(references, version));
      long[] counts = new long[2]; // predictions of the model, windows printed
      TreeSet<String> logged = new TreeSet<>();
      readPredictions(
          clients,
          codec,
          from,
          (prediction, timestamp) -> {
            logged.add(prediction.getModel());
            if (prediction.getModel().equals(model)) {
              counts[0]++;
              for (ReplayedWindow w : replay.add(prediction, timestamp)) {
                out.print(BackfillReport.format(model, w));
                counts[1]++;
              }
            }
          });
      for (ReplayedWindow w : replay.finish()) {
        out.print(BackfillReport.format(model, w));
        counts[1]++;
      }
      if (counts[0] == 0) {
        if (!trained.contains(model)) {
          TreeSet<String> known = new TreeSet<>(trained);
          known.addAll(logged);
          throw new UserError(
              "unknown model '"
                  + model
                  + "' on "
                  + connection.bootstrap()
                  + ": no TrainingFinished and no prediction since "
                  + from
                  + (known.isEmpty()
                      ? " (no model at all)"
                      : "; known models: " + String.join(", ", known)),
              1,
              null);
        }
        out.println(
            "no prediction of "
                + model
                + " logged since "
                + from
                + " on "
                + connection.bootstrap()
                + "; try an earlier --since (the topic keeps a week)");
      } else {
        out.printf(
            "%,d predictions of %s since %s in %d window(s); nothing was published%n",
            counts[0], model, from, counts[1]);
      }
      out.flush();
      return 0;
    }
  }

  private static Optional<ModelReference> reference(
      Map<String, TrainingFinished> references, String version) {
    TrainingFinished f = references.get(version);
    if (f == null || f.getReferenceProfile() == null) {
      return Optional.empty();
    }
    return Optional.of(
        ReferenceProfiles.toReference(f.getModel(), f.getVersion(), f.getReferenceProfile()));
  }

  private interface PredictionSink {
    void accept(PredictionLogged prediction, long timestamp);
  }

  /** Every committed prediction from the first offset at or after {@code from} to today's end. */
  private static void readPredictions(
      PipelineClients clients, EventCodec codec, Instant from, PredictionSink sink) {
    String topic = Topics.PREDICTION_LOGGED.name();
    try (KafkaConsumer<String, byte[]> consumer = clients.watcher()) {
      List<TopicPartition> partitions = new ArrayList<>();
      Map<TopicPartition, Long> ends;
      Map<TopicPartition, OffsetAndTimestamp> starts;
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
          throw new UserError(
              "topic '"
                  + topic
                  + "' does not exist on "
                  + clients.bootstrap()
                  + "; `mlpipe topics create` creates the pipeline's topics");
        }
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        starts = consumer.offsetsForTimes(query);
        ends = consumer.endOffsets(partitions);
      } catch (TimeoutException e) {
        throw clients.unreachable(e);
      }
      List<TopicPartition> reading = new ArrayList<>();
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp start = starts.get(p);
        if (start != null && start.offset() < ends.get(p)) {
          reading.add(p);
        }
      }
      consumer.assign(reading);
      reading.forEach(p -> consumer.seek(p, starts.get(p).offset()));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (reading.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new UserError(
              "did not reach the end of " + topic + " within " + TIMEOUT.toMinutes() + " min");
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(250));
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))
              && r.value() != null
              && codec.decode(r.topic(), r.partition(), r.offset(), r.value())
                  instanceof PredictionLogged p) {
            sink.accept(p, r.timestamp());
          }
        }
      }
    }
  }
}
