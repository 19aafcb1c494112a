package dev.mlpipe.cli.stage;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.console.MetricsSinkApp;
import dev.mlpipe.console.sink.JdbcUrl;
import dev.mlpipe.console.sink.MetricsDatabase;
import dev.mlpipe.console.sink.MetricsDatabaseException;
import dev.mlpipe.events.stage.StageLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlpipe metrics-sink}: the PostgreSQL metrics sink as its own process. */
@Command(
    name = "metrics-sink",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the model metrics of every run to PostgreSQL's table ml_metrics (model, version,"
          + " run, environment, metric, value, recorded_at): each trained version's holdout"
          + " metrics (environment 'training') and the metrics a version was deployed with"
          + " (staging, production). Flyway creates and migrates the table at start.",
      "A redelivered event writes no duplicate row: rows are keyed by model, version, run,"
          + " environment and metric and inserted with ON CONFLICT DO NOTHING.",
      "",
      "Examples:",
      "  mlpipe metrics-sink --metrics-db 'jdbc:postgresql://localhost:5432/mlpipe?user=mlpipe'",
      "  MLPIPE_METRICS_DB='jdbc:postgresql://db/mlpipe?user=u&password=p' mlpipe metrics-sink"
    })
public final class MetricsSinkCommand extends RunStageCommand {

  private static final Logger log = LoggerFactory.getLogger(MetricsSinkCommand.class);

  @Option(
      names = "--metrics-db",
      paramLabel = "JDBC_URL",
      required = true,
      defaultValue = "${env:MLPIPE_METRICS_DB}",
      description =
          "PostgreSQL JDBC URL, user and password as URL parameters; env MLPIPE_METRICS_DB"
              + " (keeps the password out of the process list).")
  String metricsDb;

  @Override
  protected String stageName() {
    return MetricsSinkApp.NAME;
  }

  @Override
  protected StageLauncher launcher() {
    return launcher(metricsDb);
  }

  /**
   * Connects to {@code url} and migrates its schema once, so {@code up} fails in a second on a bad
   * URL instead of after starting the broker.
   */
  public static void checkDatabase(String url) {
    try (MetricsDatabase database = MetricsDatabase.open(new JdbcUrl(url))) {
      log.info("metrics database {} is reachable", database.url());
    } catch (MetricsDatabaseException e) {
      throw new UserError(e.getMessage(), 2, e);
    }
  }

  /** Starts the sink against {@code url}; a database that cannot be used is a one-line error. */
  public static StageLauncher launcher(String url) {
    return env -> {
      try {
        return MetricsSinkApp.start(env, url);
      } catch (MetricsDatabaseException e) {
        throw new UserError(e.getMessage(), e);
      }
    };
  }
}
