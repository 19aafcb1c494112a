package dev.mlpipe.gatekeeper.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.FakeSchemaRegistryClient;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.gatekeeper.TestCandidates;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verify.ArtifactVerifier;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperTopologyTest {

  @TempDir Path dir;

  private TestCandidates candidates;
  private TopologyTestDriver driver;
  private TestInputTopic<String, TrainingFinished> finished;
  private TestInputTopic<String, ModelDeployed> deployed;
  private TestInputTopic<String, RolledBack> rolledBack;
  private TestOutputTopic<String, ValidationPassed> passed;
  private TestOutputTopic<String, ValidationFailed> failed;

  @BeforeEach
  void start() {
    candidates = new TestCandidates(dir.resolve("artifacts"));
    EventSerdes serdes = new EventSerdes(new FakeSchemaRegistryClient());
    Gate gate =
        new Gate(
            PolicyOverlay.empty(),
            new ArtifactVerifier(candidates.store()),
            new EventMetas(
                "gatekeeper@test",
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatekeeper-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    driver = new TopologyTestDriver(GatekeeperTopology.build(serdes, gate), props);
    finished =
        driver.createInputTopic(
            Topics.TRAINING_FINISHED.name(),
            new StringSerializer(),
            serdes.valueSerializer(Topics.TRAINING_FINISHED));
    deployed =
        driver.createInputTopic(
            Topics.MODEL_DEPLOYED.name(),
            new StringSerializer(),
            serdes.valueSerializer(Topics.MODEL_DEPLOYED));
    rolledBack =
        driver.createInputTopic(
            Topics.ROLLED_BACK.name(),
            new StringSerializer(),
            serdes.valueSerializer(Topics.ROLLED_BACK));
    passed =
        driver.createOutputTopic(
            Topics.VALIDATION_PASSED.name(),
            new StringDeserializer(),
            serdes.valueDeserializer(Topics.VALIDATION_PASSED));
    failed =
        driver.createOutputTopic(
            Topics.VALIDATION_FAILED.name(),
            new StringDeserializer(),
            serdes.valueDeserializer(Topics.VALIDATION_FAILED));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static GateCheck check(ValidationReport report, String name) {
    return report.getChecks().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.getChecks()));
  }

  @Test
  void shouldPassAnHonestCandidateWithEveryCheckInTheReportAndTheRunsCausation() {
    TrainingFinished candidate = candidates.finished("v1", null);

    finished.pipeInput(TestCandidates.MODEL, candidate);

    assertThat(failed.isEmpty()).isTrue();
    var record = passed.readRecord();
    assertThat(record.key()).isEqualTo(TestCandidates.MODEL);
    ValidationPassed verdict = record.value();
    assertThat(verdict.getVersion()).isEqualTo("v1");
    assertThat(verdict.getMeta().getRunId()).isEqualTo(candidate.getMeta().getRunId());
    assertThat(verdict.getMeta().getCausationId()).isEqualTo(candidate.getMeta().getEventId());
    assertThat(verdict.getMeta().getProducer()).isEqualTo("gatekeeper@test");
    assertThat(verdict.getArtifact().getSha256()).isEqualTo(candidates.artifact().sha256());
    ValidationReport report = verdict.getReport();
    assertThat(report.getVerification()).isEqualTo("recompute");
    assertThat(report.getPolicyHash()).hasSize(64);
    assertThat(report.getChampionVersion()).isNull();
    assertThat(report.getChecks())
        .extracting(GateCheck::getName)
        .contains(
            "rmse_recomputed",
            "model_loads",
            "rmse_max",
            "ndcg_at_10_min",
            "rmse_vs_champion",
            "latency_p95_ms_max",
            "size_bytes_max");
    assertThat(report.getChecks()).allMatch(GateCheck::getPassed);
    assertThat(check(report, "rmse_vs_champion").getReason()).isEqualTo("no champion yet");
  }

  @Test
  void shouldFailACandidateThatCannotMeetTheRepositorysPolicyNamingTheFailedChecks() {
    finished.pipeInput(
        TestCandidates.MODEL,
        candidates.finished("v1", "critical:\n  rmse: {max: 0.01}\n  ndcg_at_10: {min: 0.9}\n"));

    assertThat(passed.isEmpty()).isTrue();
    ValidationReport report = failed.readValue().getReport();
    assertThat(report.getChecks())
        .filteredOn(c -> !c.getPassed())
        .extracting(GateCheck::getName)
        .containsExactlyInAnyOrder("rmse_max", "ndcg_at_10_min");
    assertThat(check(report, "rmse_max").getThreshold()).isEqualTo(0.01);
    assertThat(check(report, "rmse_max").getCandidateValue()).isEqualTo(candidates.rmse());
  }

  @Test
  void shouldJudgeAgainstTheVersionServingAllOfProduction() {
    Map<String, Double> better = new HashMap<>(candidates.honestMetrics());
    better.put("rmse", candidates.rmse() * 0.9);
    deployed.pipeInput(TestCandidates.MODEL, TestCandidates.deployed("v0", 100, better));
    deployed.pipeInput(
        TestCandidates.MODEL, TestCandidates.deployed("v0.5", 25, Map.of("rmse", 0.0001)));

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v1", null));

    ValidationReport report = failed.readValue().getReport();
    assertThat(report.getChampionVersion()).as("a 25 %% canary is no champion").isEqualTo("v0");
    GateCheck rmse = check(report, "rmse_vs_champion");
    assertThat(rmse.getPassed()).isFalse();
    assertThat(rmse.getChampionValue()).isEqualTo(candidates.rmse() * 0.9);
    assertThat(check(report, "ndcg_at_10_vs_champion").getPassed()).isTrue();
  }

  @Test
  void shouldPassAgainstAWorseChampion() {
    Map<String, Double> worse = new HashMap<>(candidates.honestMetrics());
    worse.put("rmse", candidates.rmse() * 1.2);
    deployed.pipeInput(TestCandidates.MODEL, TestCandidates.deployed("v0", 100, worse));

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v1", null));

    ValidationPassed verdict = passed.readValue();
    assertThat(verdict.getReport().getChampionVersion()).isEqualTo("v0");
  }

  @Test
  void shouldIssueNoSecondVerdictWhenTheSameCandidateArrivesAgain() {
    TrainingFinished candidate = candidates.finished("v1", null);

    finished.pipeInput(TestCandidates.MODEL, candidate);
    finished.pipeInput(TestCandidates.MODEL, candidate);
    finished.pipeInput(
        TestCandidates.MODEL, candidates.finished("v1", "critical:\n  rmse: {max: 0.01}\n"));

    assertThat(passed.readValuesToList()).hasSize(1);
    assertThat(failed.isEmpty()).isTrue();
  }

  @Test
  void shouldFailAMissingCriticalMetricAsMissing() {
    Map<String, Double> metrics = new HashMap<>(candidates.honestMetrics());
    metrics.remove("ndcg_at_10");

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v1", metrics, null));

    GateCheck ndcg = check(failed.readValue().getReport(), "ndcg_at_10_min");
    assertThat(ndcg.getPassed()).isFalse();
    assertThat(ndcg.getCandidateValue()).isNull();
    assertThat(ndcg.getReason()).isEqualTo("missing: the candidate reports no ndcg_at_10");
  }

  @Test
  void shouldFailACandidateWhoseRepositoryPolicyIsMalformedWithTheReason() {
    finished.pipeInput(
        TestCandidates.MODEL,
        candidates.finished("v1", "critical:\n  rmse: {below: 0.9}\n  accuracy: {min: 1}\n"));

    ValidationFailed verdict = failed.readValue();
    assertThat(verdict.getReport().getChecks()).hasSize(1);
    GateCheck policy = verdict.getReport().getChecks().get(0);
    assertThat(policy.getName()).isEqualTo("policy");
    assertThat(policy.getPassed()).isFalse();
    assertThat(policy.getReason())
        .contains("gates.critical.rmse.below: unknown comparator")
        .contains("gates.critical.accuracy: unknown metric");
  }

  @Test
  void shouldFailModelLoadsWhenTheArtifactWasTamperedWith() throws IOException {
    Path file = candidates.store().pathOf(candidates.artifact().sha256());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v1", null));

    GateCheck loads = check(failed.readValue().getReport(), "model_loads");
    assertThat(loads.getPassed()).isFalse();
    assertThat(loads.getCandidateValue()).isEqualTo(0.0);
    assertThat(loads.getReason()).contains("modified or corrupted");
  }

  @Test
  void shouldFailACandidateWhoseReportedMetricTheGateCannotReproduce() {
    Map<String, Double> flattering = new HashMap<>(candidates.honestMetrics());
    flattering.put("rmse", candidates.rmse() - 0.05);

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v1", flattering, null));

    ValidationReport report = failed.readValue().getReport();
    assertThat(report.getChecks())
        .filteredOn(c -> !c.getPassed())
        .extracting(GateCheck::getName)
        .containsExactly("rmse_recomputed");
    assertThat(check(report, "rmse_max").getCandidateValue())
        .as("judged on the re-computed value")
        .isEqualTo(candidates.rmse());
  }

  @Test
  void shouldTakeTheTrainersNumbersWhenThePolicySaysTrust() {
    Map<String, Double> flattering = new HashMap<>(candidates.honestMetrics());
    flattering.put("rmse", candidates.rmse() - 0.05);

    finished.pipeInput(
        TestCandidates.MODEL, candidates.finished("v1", flattering, "verify: trust\n"));

    ValidationReport report = passed.readValue().getReport();
    assertThat(report.getVerification()).isEqualTo("trust");
    assertThat(report.getChecks()).extracting(GateCheck::getName).doesNotContain("rmse_recomputed");
    assertThat(List.of(check(report, "rmse_max").getCandidateValue()))
        .containsExactly(candidates.rmse() - 0.05);
  }

  @Test
  void shouldFailACandidateOfAnUnknownRecipeKindInsteadOfGuessingItsPolicy() {
    TrainingFinished candidate =
        TrainingFinished.newBuilder(candidates.finished("v1", null)).setRecipe("svd").build();

    finished.pipeInput(TestCandidates.MODEL, candidate);

    GateCheck policy = check(failed.readValue().getReport(), "policy");
    assertThat(policy.getPassed()).isFalse();
    assertThat(policy.getReason()).contains("recipe 'svd' is of no known model kind");
  }

  private static RolledBack rollback(String from, String to) {
    return RolledBack.newBuilder(SampleEvents.rolledBack())
        .setModel(TestCandidates.MODEL)
        .setFromVersion(from)
        .setToVersion(to)
        .setEnvironment(Environment.PRODUCTION)
        .build();
  }

  @Test
  void shouldCompareTheNextCandidateWithTheVersionTrafficWentBackToAfterARollback() {
    Map<String, Double> worse = new HashMap<>(candidates.honestMetrics());
    worse.put("rmse", candidates.rmse() * 1.2);
    deployed.pipeInput(TestCandidates.MODEL, TestCandidates.deployed("v0", 100, worse));
    Map<String, Double> unbeatable = new HashMap<>(candidates.honestMetrics());
    unbeatable.put("rmse", 0.0001);
    deployed.pipeInput(TestCandidates.MODEL, TestCandidates.deployed("v1", 100, unbeatable));
    rolledBack.pipeInput(TestCandidates.MODEL, rollback("v1", "v0"));

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v2", null));

    assertThat(failed.isEmpty()).as("judged against v0, not the rolled-back v1").isTrue();
    ValidationReport report = passed.readValue().getReport();
    assertThat(report.getChampionVersion()).isEqualTo("v0");
    assertThat(check(report, "rmse_vs_champion").getChampionValue())
        .isEqualTo(candidates.rmse() * 1.2);
  }

  @Test
  void shouldKeepTheChampionWhenACanaryThatNeverServedAllOfProductionIsRolledBack() {
    Map<String, Double> better = new HashMap<>(candidates.honestMetrics());
    better.put("rmse", candidates.rmse() * 0.9);
    deployed.pipeInput(TestCandidates.MODEL, TestCandidates.deployed("v0", 100, better));
    deployed.pipeInput(TestCandidates.MODEL, TestCandidates.deployed("v1", 25, Map.of()));
    rolledBack.pipeInput(TestCandidates.MODEL, rollback("v1", "v0"));

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v2", null));

    ValidationReport report = failed.readValue().getReport();
    assertThat(report.getChampionVersion()).isEqualTo("v0");
    assertThat(check(report, "rmse_vs_champion").getPassed()).isFalse();
  }

  @Test
  void shouldHaveNoChampionAfterARollbackToAVersionItNeverSawServeProduction() {
    deployed.pipeInput(
        TestCandidates.MODEL,
        TestCandidates.deployed("v1", 100, Map.of("rmse", 0.0001, "ndcg_at_10", 1.0)));
    rolledBack.pipeInput(TestCandidates.MODEL, rollback("v1", "v0"));

    finished.pipeInput(TestCandidates.MODEL, candidates.finished("v2", null));

    ValidationReport report = passed.readValue().getReport();
    assertThat(report.getChampionVersion()).isNull();
    assertThat(check(report, "rmse_vs_champion").getReason()).isEqualTo("no champion yet");
  }

  @Test
  void shouldIgnoreACopyWithinTheVerdictRetentionAndForgetTheVerdictAfterIt() {
    TrainingFinished candidate = candidates.finished("v1", null);
    KeyValueStore<String, String> verdicts =
        driver.getKeyValueStore(GatekeeperTopology.VERDICTS_STORE);
    verdicts.put(TestCandidates.MODEL + "@v-before-issue-times", "passed e-0");

    finished.pipeInput(TestCandidates.MODEL, candidate);
    driver.advanceWallClockTime(Duration.ofDays(6));
    finished.pipeInput(TestCandidates.MODEL, candidate);

    assertThat(passed.readValuesToList()).as("a copy 6 days later").hasSize(1);
    assertThat(verdicts.get(TestCandidates.MODEL + "@v1")).isNotNull();
    assertThat(verdicts.get(TestCandidates.MODEL + "@v-before-issue-times"))
        .as("an entry without its issue time is dated, not dropped")
        .startsWith("passed e-0 ");

    driver.advanceWallClockTime(Duration.ofDays(2));

    assertThat(verdicts.get(TestCandidates.MODEL + "@v1")).as("8 days after the verdict").isNull();
    assertThat(verdicts.get(TestCandidates.MODEL + "@v-before-issue-times")).isNotNull();
    driver.advanceWallClockTime(Duration.ofDays(6));
    assertThat(verdicts.get(TestCandidates.MODEL + "@v-before-issue-times"))
        .as("8 days after it was dated")
        .isNull();
  }

  @Test
  void shouldFailACandidateWhoseReportedNdcgTheModelDoesNotReachOnItsHoldout() {
    double truth = candidates.rankingTruth().ndcgAt10();

    finished.pipeInput(
        TestCandidates.MODEL,
        candidates.finishedWithTrainSplit("v1", Map.of("ndcg_at_10", truth + 0.3), null));

    ValidationReport report = failed.readValue().getReport();
    GateCheck recomputed = check(report, "ndcg_at_10_recomputed");
    assertThat(recomputed.getPassed()).isFalse();
    assertThat(recomputed.getCandidateValue()).isEqualTo(truth);
    assertThat(check(report, "ndcg_at_10_min").getCandidateValue())
        .as("judged on the re-computed value")
        .isEqualTo(truth);
    assertThat(check(report, "precision_at_10_recomputed").getPassed()).isTrue();
  }
}
