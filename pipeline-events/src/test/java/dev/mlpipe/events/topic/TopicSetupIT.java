package dev.mlpipe.events.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.broker.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TopicSetupIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldCreateEveryCatalogueTopicAndItsDeadLetterTopicOnceAndLeaveThemAloneAfter()
      throws Exception {
    try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      TopicSetup.Report first = setup.createCatalogue();
      TopicSetup.Report second = setup.createCatalogue();

      assertThat(first.created()).hasSize(2 * Topics.ALL.size());
      assertThat(second.created()).isEmpty();
      assertThat(second.grown()).isEmpty();
      assertThat(second.unchanged()).containsExactlyInAnyOrderElementsOf(first.created());
      assertThat(second.lines()).last().asString().contains("0 created");
    }
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(
                  List.of(Topics.PREDICTION_LOGGED.name(), "mlpipe.prediction-logged.dlq"))
              .allTopicNames()
              .get();
      assertThat(topics.get(Topics.PREDICTION_LOGGED.name()).partitions()).hasSize(6);
      assertThat(topics.get("mlpipe.prediction-logged.dlq").partitions()).hasSize(6);
      ConfigResource commit = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMMIT.name());
      ConfigResource commitDlq =
          new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMMIT.deadLetterTopic());
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(List.of(commit, commitDlq)).all().get();
      assertThat(configs.get(commit).get("retention.ms").value()).isEqualTo("-1");
      assertThat(configs.get(commitDlq).get("retention.ms").value()).isEqualTo("-1");
    }
  }

  @Test
  void shouldGrowAnExistingTopicThatHasFewerPartitionsThanAsked() throws Exception {
    try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      setup.create(new TopicSetup.Spec("test.grow", 1, Map.of()));

      TopicSetup.Report report = setup.create(new TopicSetup.Spec("test.grow", 4, Map.of()));
      TopicSetup.Report fewer = setup.create(new TopicSetup.Spec("test.grow", 2, Map.of()));

      assertThat(report.grown()).isEqualTo(Map.of("test.grow", 4));
      assertThat(fewer.grown()).isEmpty();
      assertThat(fewer.unchanged()).containsExactly("test.grow");
    }
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      assertThat(
              admin
                  .describeTopics(Set.of("test.grow"))
                  .allTopicNames()
                  .get()
                  .get("test.grow")
                  .partitions())
          .hasSize(4);
    }
  }
}
