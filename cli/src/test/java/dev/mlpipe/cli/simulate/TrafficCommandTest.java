package dev.mlpipe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import org.junit.jupiter.api.Test;

class TrafficCommandTest {

  @Test
  void shouldTeachTheDriftKindsAndWhatTheDriftMonitorSeesInItsHelp() {
    CommandLineRun help = CommandLineRun.of("simulate", "traffic", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("--drift")
        .contains("new-users")
        .contains("popularity-shift")
        .contains("rating-scale-shift")
        .contains("mlpipe simulate traffic --model movielens-recsys");
  }

  @Test
  void shouldRefuseAnUnknownDriftKindNamingTheKnownOnes() {
    CommandLineRun run =
        CommandLineRun.of("simulate", "traffic", "--model", "m", "--drift", "sideways");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "--drift 'sideways' is unknown; use new-users, popularity-shift or"
                + " rating-scale-shift");
  }

  @Test
  void shouldRefuseAtWithoutDriftAndARateThatIsNotAboveZero() {
    CommandLineRun at = CommandLineRun.of("simulate", "traffic", "--model", "m", "--at", "5s");
    CommandLineRun rate = CommandLineRun.of("simulate", "traffic", "--model", "m", "--rate", "0");

    assertThat(at.exitCode()).isEqualTo(2);
    assertThat(at.err()).contains("--at and --drift-for need --drift KIND");
    assertThat(rate.exitCode()).isEqualTo(2);
    assertThat(rate.err()).contains("--rate must be above 0");
  }

  @Test
  void shouldRefuseAServingValueThatIsNotAnHttpUrl() {
    CommandLineRun run =
        CommandLineRun.of("simulate", "traffic", "--model", "m", "--serving", "localhost:8080");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--serving 'localhost:8080' must be http://HOST:PORT");
  }
}
