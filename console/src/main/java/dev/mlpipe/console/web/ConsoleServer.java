package dev.mlpipe.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlpipe.console.cluster.BrowseFilter;
import dev.mlpipe.console.cluster.ClusterUnavailableException;
import dev.mlpipe.console.cluster.ClusterView;
import dev.mlpipe.console.cluster.GroupView;
import dev.mlpipe.console.cluster.TopicView;
import dev.mlpipe.console.dlq.DeadLetterQueue;
import dev.mlpipe.console.feed.EventStore;
import dev.mlpipe.console.feed.LiveEvent;
import dev.mlpipe.console.models.CommandRequest;
import dev.mlpipe.console.models.CommandSink;
import dev.mlpipe.console.models.DriftSeries;
import dev.mlpipe.console.models.ModelBoard;
import dev.mlpipe.console.models.RolloutWaits;
import dev.mlpipe.console.runs.Dora;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.console.runs.Trace;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.metrics.ProcessMetrics;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PipelineCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (the JDK's own): routes each GET to a page, streams new events as
 * Server-Sent Events on {@code /events}, serves the bundled stylesheet and script, and checks every
 * request against the {@link Access} rule first.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The folds the pages show, held once: the store caches a fold per function object. */
  private static final Function<List<PipelineEvent>, List<ModelBoard>> MODEL_BOARD =
      ModelBoard::fold;

  private static final Function<List<PipelineEvent>, List<DriftSeries>> DRIFT_SERIES =
      DriftSeries::fold;

  /** Streams beyond this many are refused: each one holds a thread. */
  static final int MAX_STREAMS = 32;

  /** Paths that take a POST; every other path is read with GET. */
  private static final Set<String> POSTS = Set.of("/api/commands", "/api/dlq/replay");

  /** The largest form a POST may carry. */
  static final int MAX_FORM = 16 * 1024;

  private static final Map<String, String> STATIC =
      Map.of(
          "console.css", "text/css; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Access access;
  private final Pages pages;
  private final EventStore store;
  private final ClusterView cluster;
  private final CommandSink commands;
  private final EventMetas metas;
  private final DeadLetterQueue dlq;
  private final Supplier<Map<String, Optional<RolloutWaits.Waiting>>> rolloutWaits;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicInteger streams = new AtomicInteger();

  private ConsoleServer(
      HttpServer server, ExecutorService executor, Access access, Pages pages, Services services) {
    this.server = server;
    this.executor = executor;
    this.access = access;
    this.pages = pages;
    this.store = services.store();
    this.cluster = services.cluster();
    this.commands = services.commands();
    this.metas = services.metas();
    this.dlq = services.dlq();
    this.rolloutWaits = services.rolloutWaits();
  }

  /**
   * What the pages read and the buttons change.
   *
   * @param store the events read so far
   * @param cluster topics, groups and message browsing
   * @param commands where the buttons' commands go
   * @param metas makes the commands' metadata
   * @param dlq replays dead letters
   */
  public record Services(
      EventStore store,
      ClusterView cluster,
      CommandSink commands,
      EventMetas metas,
      DeadLetterQueue dlq,
      Supplier<Map<String, Optional<RolloutWaits.Waiting>>> rolloutWaits) {
    public Services {
      Objects.requireNonNull(dlq, "dlq");
      Objects.requireNonNull(rolloutWaits, "rolloutWaits");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(commands, "commands");
      Objects.requireNonNull(metas, "metas");
    }

    /** Without the deployer's rollout state: approval is offered as the events suggest. */
    public Services(
        EventStore store,
        ClusterView cluster,
        CommandSink commands,
        EventMetas metas,
        DeadLetterQueue dlq) {
      this(store, cluster, commands, metas, dlq, Map::of);
    }
  }

  /**
   * Starts the server on {@code host:port}; when a fixed port is taken, on any free port instead
   * (logged), so a second console on one machine still starts and shows where it is.
   */
  public static ConsoleServer start(
      String host, int port, Access access, Pages pages, Services services) {
    HttpServer server;
    try {
      server = bind(host, port);
    } catch (BindException e) {
      if (port == 0) {
        throw new IllegalStateException("console: cannot listen on " + host + ": " + e, e);
      }
      log.warn("console: port {} on {} is in use; listening on a free port instead", port, host);
      try {
        server = bind(host, 0);
      } catch (IOException again) {
        throw new IllegalStateException("console: cannot listen on " + host + ": " + again, again);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "console: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mlpipe-console-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ConsoleServer console = new ConsoleServer(server, executor, access, pages, services);
    server.createContext("/", console::handle);
    server.setExecutor(executor);
    server.start();
    return console;
  }

  private static HttpServer bind(String host, int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(host, port), 0);
  }

  /** The console's base URL, e.g. {@code http://127.0.0.1:8088}. */
  public URI url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requested = exchange.getRequestURI().getPath();
      if (requested.equals("/login") || requested.equals("/logout")) {
        login(exchange, requested);
        return;
      }
      Access.Verdict verdict =
          access.check(
              exchange.getRequestMethod(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Cookie"));
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      if (verdict == Access.Verdict.NO_TOKEN
          && exchange.getRequestMethod().equalsIgnoreCase("GET")
          && accept != null
          && accept.contains("text/html")) {
        // A browser off loopback: it cannot send the bearer header, so it logs in first.
        exchange.getResponseHeaders().set("Location", "/login");
        send(exchange, 303, "text/plain; charset=utf-8", "log in at /login\n");
        return;
      }
      if (verdict != Access.Verdict.ALLOWED) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mlpipe console\"");
        send(exchange, verdict.status(), "text/plain; charset=utf-8", verdict.message() + "\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      boolean post = POSTS.contains(path);
      if (post ? !method.equals("POST") : !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", post ? "POST" : "GET");
        send(
            exchange,
            405,
            "text/plain; charset=utf-8",
            (post ? "only POST is served at " : "only GET is served at ") + path + "\n");
        return;
      }
      try {
        if (post) {
          post(exchange, path, form(exchange));
        } else {
          route(exchange, path, query(exchange.getRequestURI().getRawQuery()));
        }
      } catch (ClusterUnavailableException e) {
        html(exchange, 503, pages.unavailable(e.getMessage()));
      } catch (BadRequest e) {
        send(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
      } catch (RuntimeException e) {
        log.error("console: {} failed", exchange.getRequestURI(), e);
        send(
            exchange,
            500,
            "text/plain; charset=utf-8",
            "the console failed on this page: " + e + "; the console's log has the details\n");
      }
    } catch (IOException e) {
      log.debug("console: client went away: {}", e.toString());
    }
  }

  /**
   * {@code GET /login}: the form; {@code POST /login} with {@code token}: the session cookie and
   * back to the overview, or the form again (403) for a wrong token; {@code POST /logout}: the
   * cookie cleared.
   */
  private void login(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    if (path.equals("/logout")) {
      if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        send(exchange, 405, "text/plain; charset=utf-8", "only POST is served at /logout\n");
        return;
      }
      exchange.getResponseHeaders().add("Set-Cookie", Access.logoutCookie());
      exchange.getResponseHeaders().set("Location", "/login");
      send(exchange, 303, "text/plain; charset=utf-8", "logged out\n");
      return;
    }
    if (method.equals("GET")) {
      html(exchange, 200, pages.login(Optional.empty()));
      return;
    }
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "GET, POST");
      send(exchange, 405, "text/plain; charset=utf-8", "only GET and POST are served at /login\n");
      return;
    }
    Map<String, String> form;
    try {
      form = form(exchange);
    } catch (BadRequest e) {
      send(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
      return;
    }
    if (!access.isToken(form.get("token"))) {
      log.warn("console: a login with a wrong token from {}", exchange.getRemoteAddress());
      html(
          exchange,
          403,
          pages.login(
              Optional.of(
                  "That is not this console's token: use the one printed at start (kept in"
                      + " <data-dir>/console/token) or configured as console.token.")));
      return;
    }
    exchange.getResponseHeaders().add("Set-Cookie", access.loginCookie());
    exchange.getResponseHeaders().set("Location", "/");
    send(exchange, 303, "text/plain; charset=utf-8", "logged in\n");
  }

  private void post(HttpExchange exchange, String path, Map<String, String> form)
      throws IOException {
    if (path.equals("/api/commands")) {
      PipelineCommand command;
      try {
        String by = form.getOrDefault("by", "").trim();
        command =
            CommandRequest.of(
                form,
                metas,
                by.isEmpty()
                    ? "console@" + exchange.getRemoteAddress().getAddress().getHostAddress()
                    : "console:" + by);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("the command is not complete: " + e.getMessage());
      }
      CommandSink.Receipt receipt;
      try {
        receipt = commands.publish(command);
      } catch (IllegalStateException e) {
        send(exchange, 503, "text/plain; charset=utf-8", e.getMessage() + "\n");
        return;
      }
      log.info(
          "console: published {} for model {} (runId {}) by {}",
          command.getCommand().getClass().getSimpleName(),
          command.getModel(),
          command.getMeta().getRunId(),
          command.getRequestedBy());
      ObjectNode node = JSON.createObjectNode();
      node.put("command", command.getCommand().getClass().getSimpleName());
      node.put("model", command.getModel().toString());
      node.put("runId", command.getMeta().getRunId().toString());
      node.put("eventId", command.getMeta().getEventId().toString());
      node.put("requestedBy", command.getRequestedBy().toString());
      node.put("topic", receipt.topic());
      node.put("partition", receipt.partition());
      node.put("offset", receipt.offset());
      send(exchange, 202, "application/json", node + "\n");
    } else if (path.equals("/api/dlq/replay")) {
      replay(exchange, form);
    }
  }

  private void replay(HttpExchange exchange, Map<String, String> form) throws IOException {
    String topic = form.getOrDefault("topic", "").trim();
    boolean all = Boolean.parseBoolean(form.getOrDefault("all", "false").trim());
    List<DeadLetterQueue.Replayed> replayed;
    try {
      if (all) {
        replayed = dlq.replayAll(topic);
      } else {
        if (!form.containsKey("partition") || !form.containsKey("offset")) {
          throw new BadRequest("replay needs topic, partition and offset, or topic and all=true");
        }
        int partition = (int) number(form, "partition", 0, Integer.MAX_VALUE, 0);
        long offset = number(form, "offset", 0, Long.MAX_VALUE, 0);
        replayed = List.of(dlq.replay(topic, partition, offset));
      }
    } catch (IllegalArgumentException e) {
      throw new BadRequest("cannot replay: " + e.getMessage());
    } catch (IllegalStateException e) {
      send(exchange, 503, "text/plain; charset=utf-8", e.getMessage() + "\n");
      return;
    }
    replayed.forEach(
        r ->
            log.info(
                "console: replayed dead letter {} to {}-{}@{}",
                r.from(),
                r.to(),
                r.partition(),
                r.offset()));
    ObjectNode node = JSON.createObjectNode();
    node.put("command", "Replay");
    node.put("replayed", replayed.size());
    var items = node.putArray("records");
    for (DeadLetterQueue.Replayed r : replayed) {
      items
          .addObject()
          .put("from", r.from())
          .put("to", r.to())
          .put("partition", r.partition())
          .put("offset", r.offset());
    }
    send(exchange, 202, "application/json", node + "\n");
  }

  /** The posted form ({@code application/x-www-form-urlencoded}), at most {@link #MAX_FORM}. */
  private static Map<String, String> form(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM + 1);
    if (body.length > MAX_FORM) {
      throw new BadRequest("the form is larger than " + MAX_FORM + " bytes");
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (body.length > 0
        && (type == null || !type.startsWith("application/x-www-form-urlencoded"))) {
      throw new BadRequest(
          "send the form as application/x-www-form-urlencoded, was "
              + (type == null ? "none" : type));
    }
    Map<String, String> form = query(new String(body, StandardCharsets.UTF_8));
    form.putAll(query(exchange.getRequestURI().getRawQuery()));
    return form;
  }

  private void route(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    if (path.equals("/")) {
      html(exchange, 200, pages.overview(cluster.groups(), store.rates(), store.latest()));
    } else if (path.equals("/topics")) {
      Map<String, Double> rates = new HashMap<>();
      store.rates().forEach(r -> rates.put(r.topic(), r.perSecond()));
      html(exchange, 200, pages.topics(cluster.topics(), rates));
    } else if (path.startsWith("/topics/")) {
      topic(exchange, path.substring("/topics/".length()), query);
    } else if (path.equals("/runs")) {
      runs(exchange, query);
    } else if (path.startsWith("/runs/")) {
      run(exchange, path.substring("/runs/".length()));
    } else if (path.equals("/models")) {
      html(
          exchange,
          200,
          pages.models(ModelBoard.withWaits(store.folded(MODEL_BOARD), rolloutWaits.get())));
    } else if (path.equals("/drift")) {
      html(exchange, 200, pages.drift(store.folded(DRIFT_SERIES)));
    } else if (path.equals("/delivery")) {
      List<Run> runs = store.runs();
      html(
          exchange,
          200,
          pages.delivery(
              Dora.weekly(runs, Optional.empty(), Instant.EPOCH),
              Dora.overall(runs, Optional.empty(), Instant.EPOCH)));
    } else if (path.equals("/metrics")) {
      Optional<List<GroupView>> groups;
      try {
        groups = Optional.of(cluster.groups());
      } catch (ClusterUnavailableException e) {
        groups = Optional.empty();
      }
      send(
          exchange,
          200,
          PrometheusText.CONTENT_TYPE,
          PrometheusText.render(store.rates(), store.totals(), groups) + ProcessMetrics.scrape());
    } else if (path.equals("/events")) {
      stream(exchange);
    } else if (path.startsWith("/static/") && STATIC.containsKey(path.substring(8))) {
      resource(exchange, path.substring(8));
    } else {
      html(exchange, 404, pages.notFound("There is no page " + path + ".", "/", "Overview"));
    }
  }

  private void topic(HttpExchange exchange, String name, Map<String, String> query)
      throws IOException {
    boolean known =
        Topics.byName(name).isPresent()
            || Topics.isDeadLetterTopic(name)
                && Topics.byName(Topics.sourceOfDeadLetterTopic(name)).isPresent();
    Optional<TopicView> topic = known ? cluster.topic(name) : Optional.empty();
    if (topic.isEmpty()) {
      html(
          exchange,
          404,
          pages.notFound(
              "There is no pipeline topic '" + name + "' on this cluster.",
              "/topics",
              "The pipeline's topics"));
      return;
    }
    int partition = (int) number(query, "partition", 0, topic.get().partitions().size() - 1, 0);
    int count = (int) number(query, "count", 1, ClusterView.MAX_BROWSE, 20);
    Optional<Instant> time =
        Optional.ofNullable(query.get("time")).filter(t -> !t.isBlank()).map(this::instant);
    BrowseFilter filter =
        new BrowseFilter(
            Optional.ofNullable(query.get("key")),
            Optional.ofNullable(query.get("model")),
            Optional.ofNullable(query.get("runId")));
    long offset;
    if (query.containsKey("offset") && !query.get("offset").isBlank()) {
      offset = number(query, "offset", 0, Long.MAX_VALUE, 0);
    } else if (time.isPresent()) {
      offset = cluster.offsetForTime(name, partition, time.get());
    } else if (!filter.isEmpty()) {
      offset = cluster.latestOffset(name, partition, ClusterView.MAX_SCAN);
    } else {
      offset = cluster.latestOffset(name, partition, count);
    }
    ClusterView.Browse browse = cluster.browse(name, partition, offset, count, filter);
    html(exchange, 200, pages.topic(topic.get(), partition, offset, browse, filter, time));
  }

  private Instant instant(String text) {
    String t = text.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t).atZone(pages.zone()).toInstant();
      } catch (DateTimeParseException again) {
        throw new BadRequest(
            "time must be an instant such as 2026-11-16T10:00:00Z or a local time such as"
                + " 2026-11-16T10:00, was '"
                + text
                + "'");
      }
    }
  }

  private void runs(HttpExchange exchange, Map<String, String> query) throws IOException {
    List<Run> all = store.runs();
    Optional<String> model = Optional.ofNullable(query.get("model")).filter(m -> !m.isBlank());
    List<Run> shown = new ArrayList<>();
    TreeSet<String> models = new TreeSet<>();
    for (Run run : all) {
      models.add(run.model());
      if (model.isEmpty() || model.get().equals(run.model())) {
        shown.add(run);
      }
    }
    Collections.reverse(shown);
    int limit = (int) number(query, "limit", 1, ConsoleLimits.MAX_RUNS, ConsoleLimits.DEFAULT_RUNS);
    html(
        exchange,
        200,
        pages.runs(
            shown.subList(0, Math.min(limit, shown.size())),
            shown.size(),
            model,
            List.copyOf(models)));
  }

  private void run(HttpExchange exchange, String id) throws IOException {
    List<Run> matching = Runs.matching(store.runs(), id);
    if (matching.size() != 1) {
      html(
          exchange,
          404,
          pages.notFound(
              matching.isEmpty()
                  ? "There is no run '" + id + "'."
                  : "'" + id + "' is the start of " + matching.size() + " run ids.",
              "/runs",
              "All runs"));
      return;
    }
    html(exchange, 200, pages.run(Trace.of(matching.get(0))));
  }

  private void stream(HttpExchange exchange) throws IOException {
    if (streams.incrementAndGet() > MAX_STREAMS) {
      streams.decrementAndGet();
      send(exchange, 503, "text/plain; charset=utf-8", "too many live streams open\n");
      return;
    }
    BlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(1024);
    Runnable unsubscribe = store.subscribe(queue::offer);
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      long lastWrite = System.nanoTime();
      while (!closing.get()) {
        LiveEvent event = queue.poll(500, TimeUnit.MILLISECONDS);
        if (event != null) {
          out.write(sse(event).getBytes(StandardCharsets.UTF_8));
          out.flush();
          lastWrite = System.nanoTime();
        } else if (System.nanoTime() - lastWrite > TimeUnit.SECONDS.toNanos(15)) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          lastWrite = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("console: live stream closed by the client: {}", e.toString());
    } finally {
      unsubscribe.run();
      streams.decrementAndGet();
    }
  }

  /** One Server-Sent Event: the event's row, as JSON, under the event name {@code pipeline}. */
  String sse(LiveEvent e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("topic", e.topic());
    node.put("partition", e.partition());
    node.put("offset", e.offset());
    node.put("occurredAt", e.occurredAt().toString());
    node.put("model", e.model());
    node.put("type", e.type());
    node.put("runId", e.runId());
    node.put("summary", e.summary());
    node.put("row", pages.liveRow(e));
    return "id: "
        + e.topic()
        + "-"
        + e.partition()
        + "-"
        + e.offset()
        + "\nevent: pipeline\ndata: "
        + node
        + "\n\n";
  }

  private void resource(HttpExchange exchange, String name) throws IOException {
    try (InputStream in = ConsoleServer.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "missing resource " + name + "\n");
        return;
      }
      byte[] body = in.readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", STATIC.get(name));
      exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static void html(HttpExchange exchange, int status, String page) throws IOException {
    exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
    send(exchange, status, "text/html; charset=utf-8", page);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static long number(
      Map<String, String> query, String name, long min, long max, long dflt) {
    String text = query.get(name);
    if (text == null || text.isBlank()) {
      return dflt;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value < min || value > max) {
        throw new BadRequest(name + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be a whole number, was '" + text + "'");
    }
  }

  /** A request parameter a person got wrong; answered with 400 and the message. */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    closing.set(true);
    server.stop(1);
    executor.shutdownNow();
  }
}
