package dev.mlpipe.gatekeeper.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.FakeSchemaRegistryClient;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.gatekeeper.TestCandidates;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verify.ArtifactVerifier;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
}
