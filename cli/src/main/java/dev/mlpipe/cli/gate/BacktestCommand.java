package dev.mlpipe.cli.gate;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.gatekeeper.GatekeeperConfig;
import dev.mlpipe.gatekeeper.backtest.Backtest;
import dev.mlpipe.gatekeeper.backtest.BacktestRow;
import dev.mlpipe.gatekeeper.backtest.BacktestTable;
import dev.mlpipe.gatekeeper.backtest.PastVerdict;
import dev.mlpipe.gatekeeper.policy.InvalidPolicyException;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.policy.PolicyParser;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe gate backtest}: what a proposed policy would have done to past candidates. */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Replays every recorded mlpipe.training-finished candidate through a proposed policy and"
          + " prints, per candidate, the verdict it got then, the verdict the policy gives, and"
          + " the checks that flip. The policy file takes the place of each repository's gates:"
          + " (the model kind's defaults and the environment's layer stay under it). Candidates"
          + " are judged on the metrics and champion their old verdict recorded; nothing is"
          + " re-computed.",
      "",
      "Example:",
      "  mlpipe gate backtest --policy stricter.yaml --model movielens-recsys --since 2026-01-01"
    })
public final class BacktestCommand implements Callable<Integer> {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "The proposed policy, in the syntax of a repository's gates: (POLICY.md).")
  Path policyFile;

  @Option(names = "--model", paramLabel = "M", description = "Only this model's candidates.")
  String model;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only candidates trained on or after this day (UTC), e.g. 2026-01-31.")
  String since;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      defaultValue = "${env:MLPIPE_ENV:-dev}",
      description =
          "Whose gatekeeper layer applies: dev, staging or production (default: ${DEFAULT-VALUE}).")
  String environment;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PolicyOverlay proposed = readPolicy();
    Instant from = parseSince();
    PolicyOverlay layer;
    try {
      layer = GatekeeperConfig.environmentPolicy(PipelineConfig.load(environment));
    } catch (ConfigException e) {
      throw new UserError(e.getMessage(), e);
    }
    List<TrainingFinished> history = new ArrayList<>();
    Map<String, PastVerdict> verdicts = new HashMap<>();
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    try (EventCodec codec = EventCodec.connect(connection.registry());
        KafkaConsumer<String, byte[]> consumer = clients.watcher()) {
      readAll(
          clients,
          consumer,
          List.of(
              Topics.TRAINING_FINISHED.name(),
              Topics.VALIDATION_PASSED.name(),
              Topics.VALIDATION_FAILED.name()),
          record -> {
            if (model != null && !model.equals(record.key())) {
              return;
            }
            SpecificRecord event =
                codec.decode(record.topic(), record.partition(), record.offset(), record.value());
            if (event instanceof TrainingFinished finished) {
              if (!finished.getMeta().getOccurredAt().isBefore(from)) {
                history.add(finished);
              }
            } else if (event instanceof ValidationPassed passed) {
              verdicts.put(passed.getModel() + "@" + passed.getVersion(), PastVerdict.of(passed));
            } else if (event instanceof ValidationFailed failed) {
              verdicts.put(failed.getModel() + "@" + failed.getVersion(), PastVerdict.of(failed));
            }
          });
    }
    history.sort(
        java.util.Comparator.comparing((TrainingFinished t) -> t.getMeta().getOccurredAt()));
    List<BacktestRow> rows = new Backtest(layer, proposed).run(history, verdicts);
    PrintWriter out = spec.commandLine().getOut();
    BacktestTable.lines(rows).forEach(out::println);
    out.flush();
    return 0;
  }

  private PolicyOverlay readPolicy() {
    String text;
    try {
      text = Files.readString(policyFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError("--policy " + policyFile + ": no such file", 2, e);
    } catch (IOException e) {
      throw new UserError("--policy " + policyFile + ": cannot read it: " + e.getMessage(), 2, e);
    }
    try {
      return PolicyParser.parse(text, policyFile.toString());
    } catch (InvalidPolicyException e) {
      throw new UserError(e.getMessage(), 2, e);
    }
  }

  private Instant parseSince() {
    if (since == null) {
      return Instant.EPOCH;
    }
    try {
      return LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserError("--since must be a date like 2026-01-31, was '" + since + "'", 2, e);
    }
  }

  /** Reads every committed record of the topics, from the beginning to their current end. */
  private static void readAll(
      PipelineClients clients,
      KafkaConsumer<String, byte[]> consumer,
      List<String> topics,
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
    List<TopicPartition> partitions = new ArrayList<>();
    try {
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
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
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new UserError(
              "reading the history took longer than "
                  + READ_TIMEOUT.toSeconds()
                  + " s; try --model");
        }
        consumer.poll(Duration.ofMillis(250)).forEach(sink);
      }
    } catch (TimeoutException e) {
      throw clients.unreachable(e);
    }
  }
}
