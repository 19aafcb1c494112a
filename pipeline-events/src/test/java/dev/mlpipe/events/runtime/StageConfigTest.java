package dev.mlpipe.events.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageConfigTest {

  private static final StageConfig GATEKEEPER =
      StageConfig.of("gatekeeper", "127.0.0.1:9092", List.of("mlpipe.training-finished"));

  @Test
  void shouldDeriveTheGroupAndTransactionalIdFromStageAndInstance() {
    StageConfig config = GATEKEEPER.withInstanceId("host-2");

    assertThat(config.groupId()).isEqualTo("gatekeeper");
    assertThat(config.transactionalId()).isEqualTo("gatekeeper-host-2");
    assertThat(config.producerProperties())
        .containsEntry("transactional.id", "gatekeeper-host-2")
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all");
  }

  @Test
  void shouldConsumeReadCommittedWithoutAutoCommit() {
    StageConfig config = GATEKEEPER.withPolling(1, Duration.ofMinutes(30));

    assertThat(config.consumerProperties())
        .containsEntry("group.id", "gatekeeper")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("max.poll.records", 1)
        .containsEntry("max.poll.interval.ms", 1_800_000)
        .containsEntry("auto.offset.reset", "earliest");
  }

  @Test
  void shouldPassFurtherKafkaPropertiesToBothClients() {
    StageConfig config = GATEKEEPER.withKafka(Map.of("auto.offset.reset", "latest"));

    assertThat(config.consumerProperties()).containsEntry("auto.offset.reset", "latest");
    assertThat(config.producerProperties()).containsEntry("auto.offset.reset", "latest");
  }

  @Test
  void shouldNoticeADeadInstanceWithinTenSecondsUnlessTheConfigurationSaysOtherwise() {
    assertThat(GATEKEEPER.consumerProperties())
        .containsEntry("session.timeout.ms", 10_000)
        .containsEntry("heartbeat.interval.ms", 3_000);
    assertThat(
            GATEKEEPER
                .withKafka(Map.of("session.timeout.ms", "45000"))
                .consumerProperties()
                .get("session.timeout.ms"))
        .isEqualTo("45000");
  }

  @Test
  void shouldDeadLetterByDefault() {
    assertThat(GATEKEEPER.failurePolicy()).isEqualTo(FailurePolicy.DEAD_LETTER);
  }

  @Test
  void shouldRefuseAKafkaPropertyTheRuntimeOwns() {
    assertThatThrownBy(() -> GATEKEEPER.withKafka(Map.of("enable.auto.commit", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.enable.auto.commit=true")
        .hasMessageContaining("gatekeeper");
  }

  @Test
  void shouldRefuseAStageNameThatCannotBeAGroupId() {
    assertThatThrownBy(() -> StageConfig.of("Gate Keeper", "k:9092", List.of("t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stageName")
        .hasMessageContaining("'Gate Keeper'");
  }

  @Test
  void shouldRefuseAStageWithoutInputTopics() {
    assertThatThrownBy(() -> StageConfig.of("trainer", "k:9092", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputTopics");
  }

  @Test
  void shouldRefuseBlankBootstrapServers() {
    assertThatThrownBy(() -> StageConfig.of("trainer", " ", List.of("t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrapServers");
  }

  @Test
  void shouldRefuseMaxPollRecordsOutOfRange() {
    assertThatThrownBy(() -> GATEKEEPER.withPolling(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPollRecords must be 1-10000, was 0");
  }

  @Test
  void shouldRefuseAPollTimeoutNotShorterThanTheMaxPollInterval() {
    assertThatThrownBy(() -> GATEKEEPER.withPolling(10, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollTimeout")
        .hasMessageContaining("maxPollInterval");
  }

  @Test
  void shouldParseFailurePoliciesAsWrittenInConfigFiles() {
    assertThat(FailurePolicy.parse("dead-letter")).isEqualTo(FailurePolicy.DEAD_LETTER);
    assertThat(FailurePolicy.parse("LOG_AND_SKIP")).isEqualTo(FailurePolicy.LOG_AND_SKIP);
    assertThat(FailurePolicy.parse(" fail ")).isEqualTo(FailurePolicy.FAIL);
    assertThatThrownBy(() -> FailurePolicy.parse("retry"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'retry'")
        .hasMessageContaining("dead-letter");
  }

  @Test
  void shouldBeReadyOnlyWhenRunningAndAliveUnlessFailed() {
    assertThat(StageHealth.RUNNING.isReady()).isTrue();
    assertThat(StageHealth.STARTING.isReady()).isFalse();
    assertThat(StageHealth.STARTING.isAlive()).isTrue();
    assertThat(StageHealth.FAILED.isAlive()).isFalse();
  }
}
