package dev.mlpipe.console.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ml_metrics} table in PostgreSQL: migrated by Flyway on {@link #open}, written with
 * idempotent inserts. Used by one thread (the sink's consumer) at a time.
 */
public final class MetricsDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsDatabase.class);

  /** Where the migrations are, on the class path. */
  static final String MIGRATIONS = "classpath:db/mlpipe-metrics";

  /**
   * Flyway's history table of these migrations: not the default {@code flyway_schema_history}, so
   * the sink can share a database whose own schema Flyway manages too.
   */
  static final String HISTORY_TABLE = "mlpipe_metrics_schema_history";

  private static final String INSERT =
      "INSERT INTO ml_metrics (model, version, run, environment, metric, value, recorded_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (model, version, run, environment, metric) DO NOTHING";

  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  private final JdbcUrl url;
  private final PGSimpleDataSource dataSource;
  private Connection connection;

  private MetricsDatabase(JdbcUrl url, PGSimpleDataSource dataSource, Connection connection) {
    this.url = url;
    this.dataSource = dataSource;
    this.connection = connection;
  }

  /**
   * Connects, and migrates the schema to the newest version.
   *
   * @throws MetricsDatabaseException when the database is unreachable, refuses the login or cannot
   *     be migrated; the message names the URL without its password
   */
  public static MetricsDatabase open(JdbcUrl url) {
    Objects.requireNonNull(url, "url");
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    try {
      dataSource.setUrl(url.value());
    } catch (IllegalArgumentException e) {
      throw new MetricsDatabaseException(
          "metrics database " + url + ": not a valid PostgreSQL JDBC URL: " + oneLine(e), e);
    }
    dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    dataSource.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    dataSource.setApplicationName("mlpipe-metrics-sink");
    Connection connection = connect(url, dataSource);
    try {
      int applied =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(MIGRATIONS)
              .table(HISTORY_TABLE)
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load()
              .migrate()
              .migrationsExecuted;
      log.info("metrics database {}: schema up to date ({} migrations applied now)", url, applied);
    } catch (FlywayException e) {
      closeQuietly(connection);
      throw new MetricsDatabaseException(
          "metrics database " + url + ": cannot migrate the ml_metrics schema: " + oneLine(e), e);
    }
    return new MetricsDatabase(url, dataSource, connection);
  }

  /** The database's URL, without its password. */
  public JdbcUrl url() {
    return url;
  }

  /**
   * Inserts the rows in one transaction; a row whose key (model, version, run, environment, metric)
   * is there already is left as it is.
   *
   * @return how many rows were new
   */
  public int insert(List<MetricRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    Connection c = connection();
    c.setAutoCommit(false);
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (MetricRow row : rows) {
        insert.setString(1, row.model());
        insert.setString(2, row.version());
        insert.setString(3, row.run());
        insert.setString(4, row.environment());
        insert.setString(5, row.metric());
        insert.setDouble(6, row.value());
        insert.setTimestamp(7, Timestamp.from(row.recordedAt()));
        insert.addBatch();
      }
      int inserted = 0;
      for (int count : insert.executeBatch()) {
        inserted += Math.max(count, 0);
      }
      c.commit();
      return inserted;
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  /** Whether the error means the connection is gone (so reconnecting may help), by SQL state. */
  public static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  /** Drops the connection, so the next write connects again. */
  public void reconnectLater() {
    closeQuietly(connection);
    connection = null;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = dataSource.getConnection();
    }
    return connection;
  }

  @Override
  public void close() {
    closeQuietly(connection);
    connection = null;
  }

  private static Connection connect(JdbcUrl url, PGSimpleDataSource dataSource) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new MetricsDatabaseException(
          "metrics database "
              + url
              + " cannot be used: "
              + oneLine(e)
              + " (SQL state "
              + e.getSQLState()
              + "); check that PostgreSQL runs there and the user and password in the URL",
          e);
    }
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("rollback after a failed write failed too: {}", e.toString());
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing the metrics database connection failed: {}", e.toString());
    }
  }
}
