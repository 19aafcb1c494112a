package dev.mlpipe.events.topic;

import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topic catalogue: the one place where topic names are written down. Every stage, the CLI and
 * the console refer to these constants.
 */
public final class Topics {

  /** Prefix of every pipeline topic. */
  public static final String PREFIX = "mlpipe.";

  /** Suffix of every dead-letter topic. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  /** Compacted topic where the embedded schema registry keeps its state (Confluent's default). */
  public static final String SCHEMAS = "_schemas";

  /**
   * Compacted topic where the webhook bridge records, in the same transaction as the event, each
   * GitHub delivery id it has published (key: delivery id), so a redelivery is not published again.
   * Not an event topic: its values are small JSON records, not Avro.
   */
  public static final String WEBHOOK_DELIVERIES = PREFIX + "webhook-deliveries";

  /**
   * The deployer's rollout state per model (key: model), as the deployer's Kafka Streams
   * application ({@code application.id} = its stage name {@code deployer}) writes it to the
   * changelog of its store {@code rollouts}: JSON with {@code active} and {@code queued} rollouts
   * and each one's {@code phase}. Written only by the deployer; the console reads which run waits
   * for approval from it. Not an event topic: its values are JSON, not Avro.
   */
  public static final String DEPLOYER_ROLLOUT_STATE = "deployer-rollouts-changelog";

  /**
   * Compacted (one record per delivery id), and deleted after 30 days: GitHub redelivers only
   * deliveries of the past few days, so older ids need not be remembered.
   */
  public static final Map<String, String> WEBHOOK_DELIVERIES_CONFIGS =
      Map.of(
          "cleanup.policy",
          "compact,delete",
          "retention.ms",
          String.valueOf(30L * 24 * 60 * 60 * 1000));

  /** Facts of a run are audit history: kept until deleted on purpose. */
  private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  /** Serving traffic is high volume and only needed for the drift windows and backfills. */
  private static final Map<String, String> KEEP_A_WEEK =
      Map.of("retention.ms", String.valueOf(7L * 24 * 60 * 60 * 1000));

  private static final int PARTITIONS = 3;

  public static final Topic<CommitPushed> COMMIT =
      new Topic<>(PREFIX + "commit", CommitPushed.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<TrainingStarted> TRAINING_STARTED =
      new Topic<>(PREFIX + "training-started", TrainingStarted.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<TrainingFinished> TRAINING_FINISHED =
      new Topic<>(PREFIX + "training-finished", TrainingFinished.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<TrainingFailed> TRAINING_FAILED =
      new Topic<>(PREFIX + "training-failed", TrainingFailed.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<ValidationPassed> VALIDATION_PASSED =
      new Topic<>(PREFIX + "validation-passed", ValidationPassed.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<ValidationFailed> VALIDATION_FAILED =
      new Topic<>(PREFIX + "validation-failed", ValidationFailed.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<ModelDeployed> MODEL_DEPLOYED =
      new Topic<>(PREFIX + "model-deployed", ModelDeployed.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<DeploymentFailed> DEPLOYMENT_FAILED =
      new Topic<>(PREFIX + "deployment-failed", DeploymentFailed.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<RolledBack> ROLLED_BACK =
      new Topic<>(PREFIX + "rolled-back", RolledBack.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<PredictionLogged> PREDICTION_LOGGED =
      new Topic<>(PREFIX + "prediction-logged", PredictionLogged.class, 6, KEEP_A_WEEK);
  public static final Topic<FeedbackReceived> FEEDBACK =
      new Topic<>(PREFIX + "feedback", FeedbackReceived.class, 6, KEEP_A_WEEK);
  public static final Topic<DriftDetected> DRIFT_DETECTED =
      new Topic<>(PREFIX + "drift-detected", DriftDetected.class, PARTITIONS, KEEP_FOREVER);
  public static final Topic<PipelineCommand> COMMANDS =
      new Topic<>(PREFIX + "commands", PipelineCommand.class, PARTITIONS, KEEP_FOREVER);

  /** Every pipeline topic, in the order a run flows through them. */
  public static final List<Topic<? extends SpecificRecord>> ALL =
      List.of(
          COMMIT,
          TRAINING_STARTED,
          TRAINING_FINISHED,
          TRAINING_FAILED,
          VALIDATION_PASSED,
          VALIDATION_FAILED,
          MODEL_DEPLOYED,
          DEPLOYMENT_FAILED,
          ROLLED_BACK,
          PREDICTION_LOGGED,
          FEEDBACK,
          DRIFT_DETECTED,
          COMMANDS);

  private Topics() {}

  /** The topic with this name, if it is one of the catalogue's. */
  public static Optional<Topic<? extends SpecificRecord>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The catalogue topic with this name, or an error that lists the known names. */
  public static Topic<? extends SpecificRecord> require(String name) {
    return byName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown topic '"
                        + name
                        + "'; the pipeline's topics are: "
                        + String.join(", ", ALL.stream().map(Topic::name).toList())));
  }

  /** The topic whose values are of this Avro type. */
  public static <V extends SpecificRecord> Topic<V> forValueType(Class<V> type) {
    for (Topic<? extends SpecificRecord> topic : ALL) {
      if (topic.valueType().equals(type)) {
        @SuppressWarnings("unchecked")
        Topic<V> typed = (Topic<V>) topic;
        return typed;
      }
    }
    throw new IllegalArgumentException("no pipeline topic carries " + type.getName());
  }

  /** The dead-letter topic of a topic: {@code <topic>.dlq}. */
  public static String deadLetterTopicOf(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }

  /**
   * The topic whose dead letters a dead-letter topic holds: {@code <topic>.dlq} -> {@code <topic>}.
   */
  public static String sourceOfDeadLetterTopic(String deadLetterTopic) {
    if (!isDeadLetterTopic(deadLetterTopic)) {
      throw new IllegalArgumentException(
          deadLetterTopic + " is not a dead-letter topic (no " + DEAD_LETTER_SUFFIX + " suffix)");
    }
    return deadLetterTopic.substring(0, deadLetterTopic.length() - DEAD_LETTER_SUFFIX.length());
  }

  /** Whether a topic name is a dead-letter topic. */
  public static boolean isDeadLetterTopic(String topic) {
    return topic.endsWith(DEAD_LETTER_SUFFIX);
  }
}
