package dev.mlpipe.cli.stage;

import dev.mlpipe.console.ConsoleApp;
import dev.mlpipe.events.stage.StageLauncher;
import picocli.CommandLine.Command;

/** {@code mlpipe console}: the web console alone, against a given Kafka and registry. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the web console against the given Kafka and schema registry and prints",
      "  console ready: kafka=... registry=... console=http://127.0.0.1:8088",
      "Overview (consumer groups, lag, rates, live events), Topics (offsets, retention, messages"
          + " by offset, dead letters), Runs (timeline and payloads), Models (versions, traffic,"
          + " metrics, gate reports; approve, promote, roll back), Drift (each feature's statistic"
          + " over time) and Delivery (DORA).",
      "Buttons need the bearer token: console.token (MLPIPE_CONSOLE_TOKEN), or one generated,"
          + " printed once and kept in <data-dir>/console/token.",
      "Port and address: config key console.port / console.bind-address (MLPIPE_CONSOLE_PORT,"
          + " MLPIPE_CONSOLE_BIND_ADDRESS); reading needs no token on loopback.",
      "",
      "Examples:",
      "  mlpipe console",
      "  MLPIPE_CONSOLE_PORT=0 mlpipe console --bootstrap kafka:9092 --registry http://sr:8081"
    })
public final class ConsoleCommand extends RunStageCommand {

  @Override
  protected String stageName() {
    return ConsoleApp.NAME;
  }

  @Override
  protected StageLauncher launcher() {
    return ConsoleTokenNotice::start;
  }
}
