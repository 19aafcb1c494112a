package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.up.LocalPipeline;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.schemas.Environment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlpipe runs}, {@code trace} and {@code dora} against a local pipeline with two runs. */
@Timeout(180)
class RunViewsIT {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");
  private static final String DEPLOYED = "4f1c2d3e-aaaa-4bbb-8ccc-000000000001";
  private static final String ROLLED_BACK = "9a8b7c6d-aaaa-4bbb-8ccc-000000000002";

  @TempDir static Path dataDir;

  private static LocalPipeline pipeline;

  @BeforeAll
  static void startPipelineWithTwoRuns() throws Exception {
    pipeline = LocalPipeline.start(new LocalPipeline.Settings(dataDir, 0, 0), List.of());
    List<PipelineEvent> events =
        new ArrayList<>(new RunStory(DEPLOYED, "recommender", T0).happyPath());
    RunStory rolled = new RunStory(ROLLED_BACK, "recommender", T0.plusSeconds(3600)).version("v2");
    events.addAll(
        List.of(
            rolled.commit(0),
            rolled.trainingFinished(10),
            rolled.validationPassed(12),
            rolled.deployed(20, Environment.PRODUCTION, 10),
            rolled.rolledBack(320, ROLLED_BACK, true)));
    PipelineClients clients = new PipelineClients(pipeline.bootstrap());
    try (EventCodec codec = EventCodec.connect(pipeline.registryUrl());
        KafkaProducer<String, SpecificRecord> producer = clients.publisher(codec.serializer())) {
      for (PipelineEvent e : events) {
        producer.send(new ProducerRecord<>(e.topic(), e.model(), e.value())).get();
      }
    }
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static CommandLineRun mlpipe(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--bootstrap", pipeline.bootstrap(), "--registry", pipeline.registryUrl().toString()));
    return CommandLineRun.of(all.toArray(String[]::new));
  }

  @Test
  void shouldListRunsNewestFirstWithEachStagesOutcome() {
    CommandLineRun runs = mlpipe("runs");

    assertThat(runs.exitCode()).as(runs.err()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines.get(0)).startsWith("RUN ").contains("TRAINING").contains("PRODUCTION");
    assertThat(lines.get(1))
        .startsWith("9a8b7c6d")
        .contains("ROLLED BACK 5m 08s")
        .endsWith("rolled back from production");
    assertThat(lines.get(2)).startsWith("4f1c2d3e").contains("ok 26s").endsWith("in production");
  }

  @Test
  void shouldSayWhenAModelHasNoRunsAndNameTheModelsThatDo() {
    CommandLineRun runs = mlpipe("runs", "--model", "fraud");

    assertThat(runs.exitCode()).isZero();
    assertThat(runs.out()).contains("no runs of model 'fraud'; models with runs: recommender");
  }

  @Test
  void shouldTraceARunGivenTheFirstCharactersOfItsId() {
    CommandLineRun trace = mlpipe("trace", "4f1c2d3e");

    assertThat(trace.exitCode()).as(trace.err()).isZero();
    assertThat(trace.out())
        .contains("run " + DEPLOYED + " of recommender: in production")
        .contains(RunStory.SHA)
        .contains("data      sha256 " + RunStory.DATA_HASH)
        .contains("artifact  sha256 " + RunStory.ARTIFACT)
        .contains("policy    sha256 " + RunStory.POLICY_HASH)
        .contains("[ok]   rmse_absolute")
        .contains("PRODUCTION CANARY     100%");
  }

  @Test
  void shouldSayARunIdIsUnknownAndPointToRuns() {
    CommandLineRun trace = mlpipe("trace", "nosuchrun");

    assertThat(trace.exitCode()).isEqualTo(1);
    assertThat(trace.err().strip())
        .startsWith("mlpipe: no run 'nosuchrun' on " + pipeline.bootstrap())
        .endsWith("`mlpipe runs` lists them");
  }

  @Test
  void shouldShowDeliveryFiguresPerWeek() {
    CommandLineRun dora = mlpipe("dora", "--model", "recommender", "--since", "2026-11-01");

    assertThat(dora.exitCode()).as(dora.err()).isZero();
    List<String> lines = dora.out().lines().toList();
    assertThat(lines.get(1))
        .startsWith("recommender  2026-W47  1")
        .contains("50% (1/2)")
        .endsWith("5m 00s (1)");
    assertThat(lines.get(2)).startsWith("recommender  all");
  }

  @Test
  void shouldRefuseASinceThatIsNeitherADateNorADuration() {
    CommandLineRun dora = mlpipe("dora", "--since", "last tuesday");

    assertThat(dora.exitCode()).isEqualTo(2);
    assertThat(dora.err()).contains("--since 'last tuesday' is neither a date nor a duration");
  }
}
