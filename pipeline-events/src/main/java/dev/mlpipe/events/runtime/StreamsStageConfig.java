package dev.mlpipe.events.runtime;

import dev.mlpipe.events.runtime.internal.DeadLetterDeserializationHandler;
import dev.mlpipe.events.runtime.internal.DeadLetterProcessingHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * The shared configuration of a Kafka Streams stage: exactly-once v2, the application id from the
 * stage name, and the same failure policies as the plain-consumer stages.
 *
 * <p>Dead letters: Kafka Streams 4.3.1 has dead-letter records built in (KIP-1034, {@code
 * errors.dead.letter.queue.topic.name}), but that config names one topic for the whole application,
 * while mlpipe keeps dead letters next to their topic ({@code <topic>.dlq}). So with {@link
 * FailurePolicy#DEAD_LETTER} the deserialization and processing exception handlers are mlpipe's
 * own: they return the same kind of dead-letter record Kafka Streams would (the source record's raw
 * key, value, timestamp and headers, plus the {@code __streams.errors.*} headers, see {@link
 * DeadLetters}), addressed to the source topic's dead-letter topic, and Kafka Streams publishes it
 * inside the task's transaction. {@link FailurePolicy#FAIL} and {@link FailurePolicy#LOG_AND_SKIP}
 * map to Kafka Streams' log-and-fail and log-and-continue handlers. Errors while producing the
 * stage's own outputs keep Kafka Streams' default (fail the stream thread): they are bugs or broker
 * problems, not bad input.
 *
 * @param stageName the stage; the Streams {@code application.id}, so also its consumer group
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param stateDir where the stage keeps its state stores; one per instance
 * @param commitInterval how often Streams commits (its transactions under exactly-once)
 * @param replicationFactor replicas of the changelog and repartition topics Streams creates
 * @param failurePolicy what to do with a record that cannot be decoded or processed
 * @param kafka further Streams and client properties (the {@code kafka.} pass-through); the
 *     properties set from the fields above are refused
 */
public record StreamsStageConfig(
    String stageName,
    String bootstrapServers,
    Path stateDir,
    Duration commitInterval,
    int replicationFactor,
    FailurePolicy failurePolicy,
    Map<String, String> kafka) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** Properties set from the record's fields, refused in {@code kafka}. */
  public static final Set<String> MANAGED_PROPERTIES =
      Set.of(
          StreamsConfig.APPLICATION_ID_CONFIG,
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
          StreamsConfig.STATE_DIR_CONFIG,
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
          StreamsConfig.REPLICATION_FACTOR_CONFIG,
          StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
          StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
          StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);

  public StreamsStageConfig {
    Objects.requireNonNull(stageName, "stageName");
    if (!NAME.matcher(stageName).matches()) {
      throw new IllegalArgumentException(
          "stageName must be lower-case letters, digits, '.', '_' or '-' and start with a letter"
              + " or digit, was '"
              + stageName
              + "'");
    }
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "stage " + stageName + ": bootstrapServers must be host:port[,host:port...], was blank");
    }
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(commitInterval, "commitInterval");
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException(
          "stage " + stageName + ": commitInterval must be positive, was " + commitInterval);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "stage "
              + stageName
              + ": replicationFactor must be at least 1 (1 for a single broker), was "
              + replicationFactor);
    }
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    Objects.requireNonNull(kafka, "kafka");
    for (Map.Entry<String, String> entry : kafka.entrySet()) {
      if (MANAGED_PROPERTIES.contains(entry.getKey())) {
        throw new IllegalArgumentException(
            "stage "
                + stageName
                + ": kafka."
                + entry.getKey()
                + "="
                + entry.getValue()
                + " cannot be set, it follows from the stage's own settings; remove it");
      }
      Objects.requireNonNull(entry.getValue(), () -> "kafka." + entry.getKey());
    }
    kafka = Map.copyOf(kafka);
  }

  /**
   * A stage with the defaults: commit every 100 ms (exactly-once's own default), replication factor
   * 1, dead-letter policy, no extra properties.
   */
  public static StreamsStageConfig of(String stageName, String bootstrapServers, Path stateDir) {
    return new StreamsStageConfig(
        stageName,
        bootstrapServers,
        stateDir,
        Duration.ofMillis(100),
        1,
        FailurePolicy.DEAD_LETTER,
        Map.of());
  }

  public StreamsStageConfig withFailurePolicy(FailurePolicy failurePolicy) {
    return new StreamsStageConfig(
        stageName,
        bootstrapServers,
        stateDir,
        commitInterval,
        replicationFactor,
        failurePolicy,
        kafka);
  }

  public StreamsStageConfig withReplicationFactor(int replicationFactor) {
    return new StreamsStageConfig(
        stageName,
        bootstrapServers,
        stateDir,
        commitInterval,
        replicationFactor,
        failurePolicy,
        kafka);
  }

  public StreamsStageConfig withKafka(Map<String, String> kafka) {
    return new StreamsStageConfig(
        stageName,
        bootstrapServers,
        stateDir,
        commitInterval,
        replicationFactor,
        failurePolicy,
        kafka);
  }

  /** The properties for {@code new KafkaStreams(topology, properties)}. */
  public Properties toProperties() {
    Properties props = new Properties();
    // Unprefixed, so a kafka.session.timeout.ms of the configuration still wins (see StageConfig).
    props.put(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        String.valueOf(StageConfig.DEFAULT_SESSION_TIMEOUT_MS));
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        String.valueOf(StageConfig.DEFAULT_HEARTBEAT_INTERVAL_MS));
    props.putAll(kafka);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, stageName);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitInterval.toMillis()));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(replicationFactor));
    switch (failurePolicy) {
      case DEAD_LETTER -> {
        props.put(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterDeserializationHandler.class.getName());
        props.put(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterProcessingHandler.class.getName());
      }
      case LOG_AND_SKIP -> {
        props.put(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueExceptionHandler.class.getName());
        props.put(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueProcessingExceptionHandler.class.getName());
      }
      case FAIL -> {
        props.put(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndFailExceptionHandler.class.getName());
        props.put(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndFailProcessingExceptionHandler.class.getName());
      }
    }
    return props;
  }
}
