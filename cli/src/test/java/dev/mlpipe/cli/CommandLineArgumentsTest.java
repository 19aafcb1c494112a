package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input is answered before anything is contacted, with the option, the value and a fix. */
class CommandLineArgumentsTest {

  @Test
  void shouldRefuseAShaThatIsNotHex() {
    CommandLineRun run =
        CommandLineRun.of("publish", "commit", "--repo", ".", "--sha", "not-a-sha");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--sha 'not-a-sha'").contains("hex");
  }

  @Test
  void shouldRefuseARepositoryPathThatDoesNotExist() {
    CommandLineRun run =
        CommandLineRun.of(
            "publish", "commit", "--repo", "/no/such/repo", "--sha", "0123456789abcdef");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--repo /no/such/repo").contains("no such directory");
  }

  @Test
  void shouldRefuseABootstrapThatIsNotHostPort() {
    CommandLineRun run = CommandLineRun.of("topics", "--bootstrap", "localhost");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--bootstrap 'localhost'").contains("HOST:PORT");
  }

  @Test
  void shouldRefuseAnUnknownTopicListingTheKnownOnes() {
    CommandLineRun run = CommandLineRun.of("watch", "--topic", "mlpipe.nope", "--timeout", "1s");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown topic 'mlpipe.nope'").contains("mlpipe.commit");
  }

  @Test
  void shouldRefuseTheDemoWithOnlyTheInfrastructureNamingTheWayToPublishInstead() {
    CommandLineRun run = CommandLineRun.of("up", "--infra-only", "--demo");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--infra-only").contains("mlpipe publish commit");
  }

  @Test
  void shouldRefuseAnUnreachableMetricsDatabaseInOneLineNamingTheUrlWithoutItsPassword() {
    CommandLineRun run =
        CommandLineRun.of(
            "up", "--metrics-db", "jdbc:postgresql://127.0.0.1:1/mlpipe?user=ml&password=hunter2");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith(
            "mlpipe: metrics database jdbc:postgresql://127.0.0.1:1/mlpipe?user=ml&password=***")
        .doesNotContain("hunter2")
        .doesNotContain("\n");
  }

  @Test
  void shouldRefuseAMetricsDatabaseUrlThatIsNotPostgresShowingAnExample() {
    CommandLineRun run =
        CommandLineRun.of(
            "metrics-sink",
            "--data-dir",
            "target/metrics-sink-test",
            "--metrics-db",
            "mysql://db/x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mysql://db/x").contains("jdbc:postgresql://localhost:5432");
  }

  @Test
  void shouldRefuseADemoThatIsNotOneNamingTheTwoThereAre() {
    CommandLineRun run = CommandLineRun.of("up", "--demo=everything");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--demo=everything").contains("--demo=all");
  }

  @Test
  void shouldRefuseABadTimeoutShowingTheAcceptedForms() {
    CommandLineRun run = CommandLineRun.of("watch", "--timeout", "soon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("soon").contains("30s");
  }

  @Test
  void shouldAskForTopicAndJsonWhenPublishHasNeither() {
    CommandLineRun run = CommandLineRun.of("publish");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--topic").contains("--json").contains("commit");
  }

  @Test
  void shouldTeachTheCommandsInTheTopLevelHelp() {
    CommandLineRun run = CommandLineRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("up", "publish", "watch", "topics", "MLPIPE_BOOTSTRAP");
  }

  @Test
  void shouldReadDurationsAsPeopleWriteThem() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("'-5s'");
  }
}
