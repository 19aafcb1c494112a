package dev.mlpipe.events.registry.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent Schema Registry REST API, on the JDK's HTTP server.
 * Point {@link dev.mlpipe.events.registry.HttpSchemaRegistryClient} (or any Confluent client) at
 * {@link #url()}.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry =
 *     EmbeddedSchemaRegistry.start(RegistryServerConfig.loopback(), KafkaSchemaStore.open(bootstrap))) {
 *   var client = HttpSchemaRegistryClient.of(registry.url());
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final RegistryCore core;
  private final String url;

  private EmbeddedSchemaRegistry(
      HttpServer server, ExecutorService executor, RegistryCore core, String url) {
    this.server = server;
    this.executor = executor;
    this.core = core;
    this.url = url;
  }

  /**
   * Loads the state from {@code store} and starts serving. The registry owns the store from now on
   * and closes it on {@link #close()} (also when starting fails).
   */
  public static EmbeddedSchemaRegistry start(RegistryServerConfig config, SchemaStore store) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    RegistryCore core;
    try {
      core = new RegistryCore(store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      core.close();
      throw new UncheckedIOException(
          "schema registry cannot listen on "
              + config.bindAddress()
              + ":"
              + config.port()
              + ": "
              + e.getMessage()
              + "; choose another port (0 = any free port)",
          e);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, "schema-registry-http-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", new RegistryHttpHandler(core));
    server.start();
    String url = "http://" + host(server.getAddress()) + ":" + server.getAddress().getPort();
    log.info("schema registry listening at {} over {}", url, store.describe());
    return new EmbeddedSchemaRegistry(server, executor, core, url);
  }

  /** A registry with an in-memory store on 127.0.0.1 and a free port. */
  public static EmbeddedSchemaRegistry startInMemory() {
    return start(RegistryServerConfig.loopback(), new InMemorySchemaStore());
  }

  /** A registry on 127.0.0.1 and a free port keeping its state in the broker's _schemas topic. */
  public static EmbeddedSchemaRegistry startOnKafka(String bootstrapServers) {
    return start(RegistryServerConfig.loopback(), KafkaSchemaStore.open(bootstrapServers));
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  /** The port the registry listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    core.close();
    log.info("schema registry at {} stopped", url);
  }

  private static String host(InetSocketAddress address) {
    InetAddress inet = address.getAddress();
    if (inet == null || inet.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    String host = inet.getHostAddress();
    return inet instanceof Inet6Address ? "[" + host + "]" : host;
  }
}
