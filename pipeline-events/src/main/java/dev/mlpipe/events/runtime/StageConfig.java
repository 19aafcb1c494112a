package dev.mlpipe.events.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The validated configuration of a plain-consumer stage: who it is, where it reads, how it handles
 * failures and how it polls. The consumer group is the stage name, so instances of a stage split
 * the partitions; the transactional id is {@code <stage>-<instance>}, so a restarted instance
 * fences its dead predecessor and aborts its open transaction at once instead of after the
 * transaction timeout. Instance ids must therefore be stable per instance and distinct between live
 * instances.
 *
 * <p>A handler that runs long must finish a whole poll (up to {@code maxPollRecords} records)
 * within {@code maxPollInterval}, else the consumer leaves its group, the transaction's offset
 * commit is refused and the batch is aborted and processed again: size the two together (a stage
 * that trains models polls one record at a time with an interval longer than the longest training).
 *
 * @param stageName the stage, e.g. {@code gatekeeper}; the consumer group id
 * @param instanceId this instance of the stage, e.g. {@code 0} or a host name
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param inputTopics the topics the stage consumes
 * @param failurePolicy what to do with a record that cannot be decoded or handled
 * @param maxPollRecords records per poll, and so per transaction at most
 * @param maxPollInterval longest time between polls before the consumer leaves its group
 * @param pollTimeout how long one poll waits for records
 * @param closeTimeout how long {@code close()} waits for the current transaction to finish
 * @param kafka further Kafka client properties for both consumer and producer (the {@code kafka.}
 *     pass-through); the properties the runtime owns are refused
 */
public record StageConfig(
    String stageName,
    String instanceId,
    String bootstrapServers,
    List<String> inputTopics,
    FailurePolicy failurePolicy,
    int maxPollRecords,
    Duration maxPollInterval,
    Duration pollTimeout,
    Duration closeTimeout,
    Map<String, String> kafka) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** Client properties the runtime sets itself because exactly-once depends on them. */
  public static final Set<String> MANAGED_PROPERTIES =
      Set.of(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG,
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
          ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

  public StageConfig {
    requireName("stageName", stageName);
    requireName("instanceId", instanceId);
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "stage " + stageName + ": bootstrapServers must be host:port[,host:port...], was blank");
    }
    Objects.requireNonNull(inputTopics, "inputTopics");
    if (inputTopics.isEmpty()) {
      throw new IllegalArgumentException(
          "stage " + stageName + ": inputTopics must name at least one topic to consume");
    }
    for (String topic : inputTopics) {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException(
            "stage " + stageName + ": inputTopics must not hold a blank topic, was " + inputTopics);
      }
    }
    inputTopics = List.copyOf(inputTopics);
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (maxPollRecords < 1 || maxPollRecords > 10_000) {
      throw new IllegalArgumentException(
          "stage " + stageName + ": maxPollRecords must be 1-10000, was " + maxPollRecords);
    }
    requirePositive(stageName, "maxPollInterval", maxPollInterval);
    requirePositive(stageName, "pollTimeout", pollTimeout);
    requirePositive(stageName, "closeTimeout", closeTimeout);
    if (pollTimeout.compareTo(maxPollInterval) >= 0) {
      throw new IllegalArgumentException(
          "stage "
              + stageName
              + ": pollTimeout ("
              + pollTimeout
              + ") must be shorter than maxPollInterval ("
              + maxPollInterval
              + ")");
    }
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
                + " cannot be set, the stage runtime sets it for exactly-once processing; "
                + "remove it (stage name, instance, bootstrap servers and poll settings have "
                + "their own keys)");
      }
      Objects.requireNonNull(entry.getValue(), () -> "kafka." + entry.getKey());
    }
    kafka = Map.copyOf(kafka);
  }

  /**
   * A stage with the defaults: instance {@code 0}, dead-letter policy, 500 records per poll, 5
   * minutes poll interval, 500 ms poll timeout, 30 s close timeout, no extra Kafka properties.
   */
  public static StageConfig of(
      String stageName, String bootstrapServers, List<String> inputTopics) {
    return new StageConfig(
        stageName,
        "0",
        bootstrapServers,
        inputTopics,
        FailurePolicy.DEAD_LETTER,
        500,
        Duration.ofMinutes(5),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Map.of());
  }

  public StageConfig withInstanceId(String instanceId) {
    return new StageConfig(
        stageName,
        instanceId,
        bootstrapServers,
        inputTopics,
        failurePolicy,
        maxPollRecords,
        maxPollInterval,
        pollTimeout,
        closeTimeout,
        kafka);
  }

  public StageConfig withFailurePolicy(FailurePolicy failurePolicy) {
    return new StageConfig(
        stageName,
        instanceId,
        bootstrapServers,
        inputTopics,
        failurePolicy,
        maxPollRecords,
        maxPollInterval,
        pollTimeout,
        closeTimeout,
        kafka);
  }

  public StageConfig withPolling(int maxPollRecords, Duration maxPollInterval) {
    return new StageConfig(
        stageName,
        instanceId,
        bootstrapServers,
        inputTopics,
        failurePolicy,
        maxPollRecords,
        maxPollInterval,
        pollTimeout,
        closeTimeout,
        kafka);
  }

  public StageConfig withKafka(Map<String, String> kafka) {
    return new StageConfig(
        stageName,
        instanceId,
        bootstrapServers,
        inputTopics,
        failurePolicy,
        maxPollRecords,
        maxPollInterval,
        pollTimeout,
        closeTimeout,
        kafka);
  }

  /** The consumer group: the stage name. */
  public String groupId() {
    return stageName;
  }

  /** The producer's transactional id: {@code <stage>-<instance>}. */
  public String transactionalId() {
    return stageName + "-" + instanceId;
  }

  /**
   * The stages' consumer session timeout unless {@code kafka.session.timeout.ms} says otherwise: 10
   * s instead of Kafka's 45 s, so the partitions of an instance that died without leaving the group
   * (SIGKILL, a lost machine) move to the others in about 10 s rather than 45 s; a clean stop
   * leaves the group at once anyway. The cost: an instance that cannot heartbeat for 10 s (a long
   * GC pause, a starved CPU, a network blip) is taken for dead and its partitions rebalance, which
   * is safe under exactly-once (the old instance is fenced) but repeats in-flight work. Heartbeats
   * come from the client's background thread, so slow processing is governed by {@code
   * max.poll.interval.ms}, not by this. The broker must allow it ({@code
   * group.min.session.timeout.ms}, 6 s by default).
   */
  public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

  /** A third of the session timeout, as Kafka advises: three heartbeats may be lost. */
  public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;

  /** Consumer properties: read committed, no auto commit, bytes in (decoding is per record). */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId() + "-consumer");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, DEFAULT_HEARTBEAT_INTERVAL_MS);
    props.putAll(kafka);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** Producer properties: transactional and idempotent, bytes out (encoding is per record). */
  public Map<String, Object> producerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId() + "-producer");
    props.putAll(kafka);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  private static void requireName(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be lower-case letters, digits, '.', '_' or '-' and start with a letter or "
              + "digit, was '"
              + value
              + "'");
    }
  }

  private static void requirePositive(String stage, String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "stage " + stage + ": " + what + " must be positive, was " + value);
    }
    if (value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "stage "
              + stage
              + ": "
              + what
              + " must be at most "
              + Integer.MAX_VALUE
              + " ms, was "
              + value);
    }
  }
}
