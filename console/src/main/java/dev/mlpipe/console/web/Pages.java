package dev.mlpipe.console.web;

import static dev.mlpipe.console.web.Html.esc;
import static dev.mlpipe.console.web.Html.url;

import dev.mlpipe.console.cluster.BrowseFilter;
import dev.mlpipe.console.cluster.BrowsedRecord;
import dev.mlpipe.console.cluster.ClusterView;
import dev.mlpipe.console.cluster.GroupView;
import dev.mlpipe.console.cluster.TopicView;
import dev.mlpipe.console.feed.EventStore;
import dev.mlpipe.console.feed.LiveEvent;
import dev.mlpipe.console.models.DriftSeries;
import dev.mlpipe.console.models.ModelBoard;
import dev.mlpipe.console.models.VersionCard;
import dev.mlpipe.console.runs.Dora;
import dev.mlpipe.console.runs.Outcome;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunFormat;
import dev.mlpipe.console.runs.StageName;
import dev.mlpipe.console.runs.StageResult;
import dev.mlpipe.console.runs.Trace;
import dev.mlpipe.events.json.EventJson;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/** Renders the console's pages from plain values; no Kafka here, so every page is unit-testable. */
public final class Pages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private final ZoneId zone;

  /**
   * @param zone the zone times are shown in
   */
  public Pages(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** Consumer groups with members and lag, rates per topic, the latest events (live). */
  public String overview(
      List<GroupView> groups, List<EventStore.TopicRate> rates, List<LiveEvent> latest) {
    StringBuilder b = new StringBuilder();
    b.append("<section><h2>Consumer groups</h2>");
    if (groups.isEmpty()) {
      b.append("<p class=\"muted\">No consumer groups yet: no stage has committed a position.</p>");
    } else {
      b.append(
          "<table><thead><tr><th>Group</th><th>State</th><th>Members</th><th>Lag</th>"
              + "<th>Lag per partition</th></tr></thead><tbody>");
      for (GroupView g : groups) {
        b.append("<tr><td>").append(esc(g.groupId())).append("</td><td>");
        b.append("<span class=\"state ").append(esc(g.state().toLowerCase(Locale.ROOT)));
        b.append("\">").append(esc(g.state())).append("</span></td><td>");
        if (g.members().isEmpty()) {
          b.append("<span class=\"muted\">none</span>");
        }
        for (GroupView.Member m : g.members()) {
          b.append("<div>")
              .append(esc(m.clientId()))
              .append(" <span class=\"muted\">")
              .append(esc(m.host()))
              .append(" (")
              .append(m.assignment().size())
              .append(" partitions)</span></div>");
        }
        b.append("</td><td class=\"num\">").append(g.totalLag()).append("</td><td>");
        for (GroupView.PartitionLag p : g.partitions()) {
          b.append("<div class=\"lag\">")
              .append(esc(p.topic()))
              .append('-')
              .append(p.partition())
              .append(": ")
              .append(p.lag())
              .append(" <span class=\"muted\">(")
              .append(p.committed())
              .append('/')
              .append(p.end())
              .append(")</span></div>");
        }
        b.append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("</section><section><h2>Events per second</h2><p class=\"muted\">Over the last")
        .append(" minute, by the records' timestamps.</p><table><thead><tr><th>Topic</th>")
        .append("<th>Events/s</th></tr></thead><tbody>");
    for (EventStore.TopicRate r : rates) {
      b.append("<tr><td><a href=\"/topics/")
          .append(url(r.topic()))
          .append("\">")
          .append(esc(r.topic()))
          .append("</a></td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.2f", r.perSecond()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></section>");
    b.append("<section><h2>Latest events <span class=\"live\" id=\"live-state\">live</span></h2>")
        .append("<table id=\"live\" data-stream=\"/events\"><thead><tr><th>Time</th>")
        .append("<th>Topic</th><th>Event</th><th>Model</th><th>Run</th><th>Facts</th>")
        .append("</tr></thead><tbody>");
    for (LiveEvent e : latest) {
      b.append(liveRow(e));
    }
    b.append("</tbody></table></section>");
    return Html.page("Overview", "Overview", b.toString());
  }

  /** One row of the live list; the script renders the same columns for streamed events. */
  String liveRow(LiveEvent e) {
    return "<tr><td>"
        + esc(time(e.occurredAt()))
        + "</td><td>"
        + esc(e.topic())
        + "</td><td>"
        + esc(e.type())
        + "</td><td>"
        + esc(e.model())
        + "</td><td>"
        + (e.runId().isEmpty()
            ? ""
            : "<a href=\"/runs/"
                + url(e.runId())
                + "\">"
                + esc(RunFormat.shortId(e.runId()))
                + "</a>")
        + "</td><td>"
        + esc(e.summary())
        + "</td></tr>";
  }

  /** Every topic with partitions, offsets, retention and rate. */
  public String topics(List<TopicView> topics, Map<String, Double> perSecond) {
    StringBuilder b = new StringBuilder();
    b.append(
        "<table><thead><tr><th>Topic</th><th>Partitions</th><th>End offsets</th>"
            + "<th>Records</th><th>Retention</th><th>Events/s</th></tr></thead><tbody>");
    for (TopicView t : topics) {
      boolean dlq = Topics.isDeadLetterTopic(t.name());
      b.append("<tr")
          .append(dlq ? " class=\"dlq\"" : "")
          .append("><td><a href=\"/topics/")
          .append(url(t.name()))
          .append("\">")
          .append(esc(t.name()))
          .append("</a>")
          .append(dlq && t.records() > 0 ? " <span class=\"badge failed\">dead letters</span>" : "")
          .append("</td><td class=\"num\">")
          .append(t.partitions().size())
          .append("</td><td class=\"num\">")
          .append(t.endOffsets())
          .append("</td><td class=\"num\">")
          .append(t.records())
          .append("</td><td>")
          .append(esc(retention(t.retentionMs())))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.2f", perSecond.getOrDefault(t.name(), 0.0)))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    return Html.page("Topics", "Topics", b.toString());
  }

  /** The zone times are shown in (and local times typed into a form are read in). */
  public ZoneId zone() {
    return zone;
  }

  /** One topic's partitions and the messages of one partition from an offset on, decoded. */
  public String topic(TopicView topic, int partition, long offset, List<BrowsedRecord> records) {
    long next = records.isEmpty() ? offset : records.get(records.size() - 1).offset() + 1;
    return topic(
        topic,
        partition,
        offset,
        new ClusterView.Browse(records, next, records.size()),
        BrowseFilter.NONE,
        Optional.empty());
  }

  /**
   * One topic's partitions and the messages of one partition the filter lets through, from an
   * offset (or the first offset at a time) on, decoded; a dead-letter topic's messages come with
   * their error headers and replay buttons.
   */
  public String topic(
      TopicView topic,
      int partition,
      long offset,
      ClusterView.Browse browse,
      BrowseFilter filter,
      Optional<Instant> time) {
    boolean dlq = Topics.isDeadLetterTopic(topic.name());
    List<BrowsedRecord> records = browse.records();
    StringBuilder b = new StringBuilder();
    b.append("<p>Retention: ").append(esc(retention(topic.retentionMs()))).append("</p>");
    if (dlq) {
      b.append("<p>Dead letters of <a href=\"/topics/")
          .append(url(Topics.sourceOfDeadLetterTopic(topic.name())))
          .append("\">")
          .append(esc(Topics.sourceOfDeadLetterTopic(topic.name())))
          .append(
              "</a>: records a stage could not process, unchanged, with the error. Replay sends")
          .append(" one back to the topic it failed on once the cause is fixed (also")
          .append(" <code>mlpipe dlq replay</code>).</p>")
          .append(tokenForm())
          .append("<p>")
          .append(
              button(
                  "Replay all not replayed yet",
                  Map.of("endpoint", "/api/dlq/replay", "topic", topic.name(), "all", "true"),
                  "danger"))
          .append("</p><p id=\"command-result\" class=\"command-result\" role=\"status\"></p>");
    }
    b.append(
        "<table><thead><tr><th>Partition</th><th>Start offset</th><th>End offset</th>"
            + "<th></th></tr></thead><tbody>");
    for (TopicView.PartitionOffsets p : topic.partitions()) {
      b.append("<tr")
          .append(p.partition() == partition ? " class=\"selected\"" : "")
          .append("><td class=\"num\">")
          .append(p.partition())
          .append("</td><td class=\"num\">")
          .append(p.start())
          .append("</td><td class=\"num\">")
          .append(p.end())
          .append("</td><td><a href=\"")
          .append(browse(topic.name(), p.partition(), p.start()))
          .append("\">oldest</a> · <a href=\"/topics/")
          .append(url(topic.name()))
          .append("?partition=")
          .append(p.partition())
          .append("\">latest</a></td></tr>");
    }
    b.append("</tbody></table>");
    b.append("<form class=\"browse\" method=\"get\" action=\"/topics/")
        .append(url(topic.name()))
        .append("\"><label>Partition <input name=\"partition\" type=\"number\" min=\"0\" value=\"")
        .append(partition)
        .append("\"></label> <label>Offset <input name=\"offset\" type=\"number\" min=\"0\"")
        .append(time.isPresent() ? "" : " value=\"" + offset + "\"")
        .append("></label> <label>or from time <input name=\"time\" type=\"text\"")
        .append(" placeholder=\"2026-11-16T10:00\"")
        .append(time.map(t -> " value=\"" + esc(t.toString()) + "\"").orElse(""))
        .append("></label><br><label>Key <input name=\"key\" value=\"")
        .append(esc(filter.key().orElse("")))
        .append("\"></label> <label>Model <input name=\"model\" value=\"")
        .append(esc(filter.model().orElse("")))
        .append("\"></label> <label>Run <input name=\"runId\" value=\"")
        .append(esc(filter.runId().orElse("")))
        .append("\"></label> <button>Show</button></form>");
    b.append("<h2>Partition ").append(partition).append(" from offset ").append(offset);
    time.ifPresent(t -> b.append(" (the first at or after ").append(esc(time(t))).append(')'));
    b.append("</h2>");
    if (!filter.isEmpty()) {
      b.append("<p class=\"muted\">")
          .append(records.size())
          .append(" matching of ")
          .append(browse.scanned())
          .append(" messages read")
          .append(filter.key().map(k -> ", key " + esc(k)).orElse(""))
          .append(filter.model().map(m -> ", model " + esc(m)).orElse(""))
          .append(filter.runId().map(r -> ", run " + esc(r)).orElse(""))
          .append(".</p>");
    }
    if (records.isEmpty()) {
      b.append("<p class=\"muted\">No committed messages there")
          .append(filter.isEmpty() ? "" : " that match")
          .append(".</p>");
    }
    for (BrowsedRecord r : records) {
      b.append("<article class=\"message\" data-offset=\"")
          .append(r.offset())
          .append("\"><h3>offset ")
          .append(r.offset())
          .append(" <span class=\"muted\">")
          .append(esc(time(r.timestamp())))
          .append(" key ")
          .append(esc(r.key()))
          .append(r.runId().map(id -> " run " + esc(RunFormat.shortId(id))).orElse(""))
          .append("</span></h3>");
      if (dlq) {
        b.append("<p>")
            .append(
                button(
                    "Replay to " + Topics.sourceOfDeadLetterTopic(topic.name()),
                    Map.of(
                        "endpoint",
                        "/api/dlq/replay",
                        "topic",
                        topic.name(),
                        "partition",
                        String.valueOf(r.partition()),
                        "offset",
                        String.valueOf(r.offset())),
                    ""))
            .append("</p>");
      }
      r.deadLetter().ifPresent(d -> b.append(deadLetter(d)));
      r.error()
          .ifPresent(
              e -> b.append("<p class=\"error\">Cannot decode: ").append(esc(e)).append("</p>"));
      r.json().ifPresent(j -> b.append("<pre>").append(esc(j)).append("</pre>"));
      if (r.deadLetter().isEmpty() && !r.headers().isEmpty()) {
        b.append("<p class=\"muted\">headers: ").append(esc(r.headers().keySet())).append("</p>");
      }
      b.append("</article>");
    }
    if (browse.nextOffset() > offset) {
      b.append("<p><a href=\"")
          .append(browse(topic.name(), partition, browse.nextOffset()))
          .append(filter.key().map(k -> "&amp;key=" + url(k)).orElse(""))
          .append(filter.model().map(m -> "&amp;model=" + url(m)).orElse(""))
          .append(filter.runId().map(r -> "&amp;runId=" + url(r)).orElse(""))
          .append("\">next messages from offset ")
          .append(browse.nextOffset())
          .append("</a></p>");
    }
    return Html.page(topic.name(), "Topics", b.toString());
  }

  private static String deadLetter(DeadLetters.DeadLetter d) {
    StringBuilder b = new StringBuilder("<table class=\"headers\"><tbody>");
    row(b, "exception", d.exceptionClass());
    row(b, "message", d.message());
    row(b, "from", d.topic() + "-" + d.partition() + " @ " + d.offset());
    d.stage().ifPresent(s -> row(b, "stage", s));
    d.failedAt().ifPresent(t -> row(b, "failed at", t.toString()));
    b.append("</tbody></table>");
    if (!d.stackTrace().isEmpty()) {
      b.append("<details><summary>stack trace</summary><pre>")
          .append(esc(d.stackTrace()))
          .append("</pre></details>");
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("<tr><th>")
        .append(esc(name))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  /**
   * The runs, newest first, with each stage's outcome and duration.
   *
   * @param newestFirst the runs to show
   * @param total how many runs match the filter (more than shown when the list was cut)
   */
  public String runs(
      List<Run> newestFirst, int total, Optional<String> model, List<String> models) {
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"filter\">Model: <a href=\"/runs\"")
        .append(model.isEmpty() ? " class=\"active\"" : "")
        .append(">all</a>");
    for (String m : models) {
      b.append(" · <a href=\"/runs?model=")
          .append(url(m))
          .append('"')
          .append(model.isPresent() && model.get().equals(m) ? " class=\"active\"" : "")
          .append('>')
          .append(esc(m))
          .append("</a>");
    }
    b.append("</p>");
    if (newestFirst.isEmpty()) {
      b.append(
          "<p class=\"muted\">No runs yet. <code>mlpipe publish commit</code> starts one.</p>");
      return Html.page("Runs", "Runs", b.toString());
    }
    b.append(
        "<table class=\"runs\"><thead><tr><th>Run</th><th>Model</th><th>Trigger</th>"
            + "<th>Started</th><th>Training</th><th>Validation</th><th>Staging</th>"
            + "<th>Production</th><th>Took</th><th>Status</th></tr></thead><tbody>");
    for (Run run : newestFirst) {
      b.append("<tr><td><a href=\"/runs/")
          .append(url(run.runId()))
          .append("\" title=\"")
          .append(esc(run.runId()))
          .append("\">")
          .append(esc(RunFormat.shortId(run.runId())))
          .append("</a></td><td>")
          .append(esc(run.model()))
          .append("</td><td>")
          .append(esc(run.trigger()))
          .append("</td><td>")
          .append(esc(time(run.started())))
          .append("</td>");
      for (StageName stage : StageName.values()) {
        b.append(stageCell(run.stage(stage)));
      }
      b.append("<td class=\"num\">")
          .append(esc(RunFormat.duration(run.elapsed())))
          .append("</td><td>")
          .append(esc(run.status()))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    if (total > newestFirst.size()) {
      b.append("<p class=\"muted\">The newest ")
          .append(newestFirst.size())
          .append(" of ")
          .append(total)
          .append(" runs. <a href=\"/runs?")
          .append(model.map(m -> "model=" + url(m) + "&amp;").orElse(""))
          .append("limit=")
          .append(Math.min(total, ConsoleLimits.MAX_RUNS))
          .append("\">Show more</a></p>");
    }
    return Html.page("Runs", "Runs", b.toString());
  }

  private static String stageCell(Optional<StageResult> stage) {
    if (stage.isEmpty()) {
      return "<td class=\"stage none\">-</td>";
    }
    StageResult s = stage.get();
    return "<td class=\"stage "
        + cssClass(s.outcome())
        + "\" title=\""
        + esc(s.detail())
        + "\">"
        + esc(s.outcome().label())
        + (s.outcome() == Outcome.RUNNING ? "" : " " + esc(RunFormat.duration(s.duration())))
        + "</td>";
  }

  private static String cssClass(Outcome outcome) {
    return switch (outcome) {
      case RUNNING -> "running";
      case SUCCEEDED -> "ok";
      case FAILED -> "failed";
      case ROLLED_BACK -> "rolled";
    };
  }

  /** A run: its stages, why its version is where it is, and every event with its payload. */
  public String run(Trace trace) {
    Run run = trace.run();
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"summary\">")
        .append(esc(run.model()))
        .append(" · ")
        .append(esc(run.trigger()))
        .append(run.version().map(v -> " · version " + esc(v)).orElse(""))
        .append(" · <strong>")
        .append(esc(run.status()))
        .append("</strong> · ")
        .append(esc(RunFormat.duration(run.elapsed())))
        .append("</p>");
    b.append(
        "<h2>Stages</h2><table class=\"stages\"><thead><tr><th>Stage</th><th>Outcome</th>"
            + "<th>Started</th><th>Took</th><th>Detail</th></tr></thead><tbody>");
    for (StageResult s : run.stages()) {
      b.append("<tr class=\"")
          .append(cssClass(s.outcome()))
          .append("\"><td>")
          .append(esc(s.stage().label()))
          .append("</td><td>")
          .append(esc(s.outcome().label()))
          .append("</td><td>")
          .append(esc(time(s.start())))
          .append("</td><td class=\"num\">")
          .append(esc(RunFormat.duration(s.duration())))
          .append("</td><td>")
          .append(esc(s.detail()))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    b.append("<h2>Why it is where it is</h2><dl class=\"trace\">");
    trace
        .commit()
        .ifPresent(
            c ->
                fact(
                    b,
                    "commit",
                    c.at(),
                    c.event().getSha()
                        + " on "
                        + c.event().getBranch()
                        + " of "
                        + c.event().getRepo()
                        + " by "
                        + c.event().getAuthor()
                        + ": "
                        + c.event().getMessage()));
    trace
        .drift()
        .ifPresent(
            d ->
                fact(
                    b,
                    "drift",
                    d.at(),
                    d.event().getKind()
                        + " "
                        + d.event().getSeverity()
                        + " on "
                        + d.event().getVersion()));
    trace
        .training()
        .ifPresent(
            t -> {
              fact(
                  b,
                  "training",
                  t.at(),
                  "version " + t.event().getVersion() + ", recipe " + t.event().getRecipe());
              fact(b, "data sha256", null, t.event().getDataHash());
              fact(b, "artifact sha256", null, t.event().getArtifact().getSha256());
              fact(b, "metrics", null, String.valueOf(t.event().getMetrics()));
            });
    trace
        .trainingFailure()
        .ifPresent(
            f ->
                fact(
                    b,
                    "training failed",
                    f.at(),
                    f.event().getPhase() + ": " + f.event().getReason()));
    trace
        .gate()
        .ifPresent(
            g -> {
              fact(
                  b,
                  "gate",
                  g.at(),
                  (g.passed() ? "passed" : "failed")
                      + " version "
                      + g.version()
                      + Optional.ofNullable(g.report().getChampionVersion())
                          .map(c -> " against champion " + c)
                          .orElse(""));
              fact(b, "gate policy sha256", null, g.report().getPolicyHash());
              StringBuilder checks = new StringBuilder("<ul class=\"checks\">");
              for (GateCheck c : g.report().getChecks()) {
                checks
                    .append("<li class=\"")
                    .append(c.getPassed() ? "ok" : "failed")
                    .append("\">")
                    .append(c.getPassed() ? "passed " : "FAILED ")
                    .append(esc(c.getName()))
                    .append(" (")
                    .append(esc(c.getSeverity()))
                    .append("): ")
                    .append(esc(c.getReason()))
                    .append("</li>");
              }
              for (String w : g.report().getWarnings()) {
                checks.append("<li class=\"warning\">warning: ").append(esc(w)).append("</li>");
              }
              b.append("<dt>checks</dt><dd>").append(checks).append("</ul></dd>");
            });
    for (Trace.Approval a : trace.approvals()) {
      fact(b, "approval", a.at(), a.environment() + " by " + a.by());
    }
    for (Trace.Timed<ModelDeployed> step : trace.rollout()) {
      ModelDeployed d = step.event();
      fact(
          b,
          "rollout",
          step.at(),
          d.getEnvironment() + " " + d.getStrategy() + " " + d.getTrafficPercent() + "%");
    }
    trace
        .deploymentFailures()
        .forEach(
            f ->
                fact(
                    b,
                    "deployment failed",
                    f.at(),
                    f.event().getEnvironment() + ": " + f.event().getReason()));
    for (Trace.Timed<RolledBack> r : trace.rollbacks()) {
      RolledBack e = r.event();
      fact(
          b,
          "rollback",
          r.at(),
          e.getFromVersion()
              + " -> "
              + e.getToVersion()
              + " in "
              + e.getEnvironment()
              + (e.getAutomatic() ? " (automatic)" : " (manual)")
              + ": "
              + e.getReason());
    }
    b.append("</dl><h2>Timeline</h2><ol class=\"timeline\">");
    Instant previous = run.started();
    for (PipelineEvent e : run.timeline()) {
      b.append("<li><details><summary><span class=\"time\">")
          .append(esc(time(e.occurredAt())))
          .append("</span> <span class=\"delta\">+")
          .append(esc(RunFormat.duration(Duration.between(previous, e.occurredAt()))))
          .append("</span> <strong>")
          .append(esc(e.type()))
          .append("</strong> ")
          .append(esc(e.topic()))
          .append('-')
          .append(e.partition())
          .append(" @ <a href=\"")
          .append(browse(e.topic(), e.partition(), e.offset()))
          .append("\">")
          .append(e.offset())
          .append("</a></summary><pre>")
          .append(esc(EventJson.toPrettyJson(e.value())))
          .append("</pre></details></li>");
      previous = e.occurredAt().isAfter(previous) ? e.occurredAt() : previous;
    }
    b.append("</ol>");
    return Html.page("Run " + run.runId(), "Runs", b.toString());
  }

  private void fact(StringBuilder b, String name, Instant at, String text) {
    b.append("<dt>")
        .append(esc(name))
        .append("</dt><dd>")
        .append(at == null ? "" : "<span class=\"time\">" + esc(time(at)) + "</span> ")
        .append(esc(text))
        .append("</dd>");
  }

  /**
   * Every model: who serves each environment, each version with its metrics and gate report, a
   * chart per metric across versions, and the approve / promote / rollback buttons (they post to
   * {@code /api/commands} with the bearer token typed into the page).
   */
  public String models(List<ModelBoard> boards) {
    StringBuilder b = new StringBuilder();
    b.append(tokenForm());
    if (boards.isEmpty()) {
      b.append("<p class=\"muted\">No model versions yet: none was trained.</p>");
      return Html.page("Models", "Models", b.toString());
    }
    for (ModelBoard board : boards) {
      String model = board.model();
      b.append("<section class=\"model\" data-model=\"")
          .append(esc(model))
          .append("\"><h2>")
          .append(esc(model))
          .append("</h2><p class=\"traffic\">");
      for (Environment env : Environment.values()) {
        Map<String, Integer> shares = board.trafficIn(env);
        b.append("<span class=\"env\">").append(esc(envLabel(env))).append(": ");
        if (shares.isEmpty()) {
          b.append("<span class=\"muted\">nothing serves</span>");
        }
        boolean first = true;
        for (Map.Entry<String, Integer> s : shares.entrySet()) {
          b.append(first ? "" : ", ")
              .append("<strong>")
              .append(esc(s.getKey()))
              .append("</strong> ")
              .append(s.getValue())
              .append('%');
          first = false;
        }
        b.append("</span> ");
      }
      if (!board.trafficIn(Environment.PRODUCTION).isEmpty()) {
        b.append(
            button("Roll back production", Map.of("action", "rollback", "model", model), "danger"));
      }
      b.append("</p>");
      b.append(
          "<table class=\"versions\"><thead><tr><th>Version</th><th>Run</th><th>Commit</th>"
              + "<th>Staging</th><th>Production</th><th>Metrics</th><th>Gate</th><th>Actions</th>"
              + "</tr></thead><tbody>");
      for (int i = board.versions().size() - 1; i >= 0; i--) {
        versionRow(b, board, board.versions().get(i));
      }
      b.append("</tbody></table>");
      b.append(metricCharts(board));
      b.append("</section>");
    }
    b.append("<p id=\"command-result\" class=\"command-result\" role=\"status\"></p>");
    return Html.page("Models", "Models", b.toString());
  }

  private void versionRow(StringBuilder b, ModelBoard board, VersionCard v) {
    String model = board.model();
    b.append("<tr data-version=\"")
        .append(esc(v.version()))
        .append("\"><td><strong>")
        .append(esc(v.version()))
        .append("</strong></td><td><a href=\"/runs/")
        .append(url(v.runId()))
        .append("\" title=\"")
        .append(esc(v.runId()))
        .append("\">")
        .append(esc(RunFormat.shortId(v.runId())))
        .append("</a></td><td>")
        .append(esc(v.commitSha().map(RunFormat::shortHash).orElse("-")))
        .append("</td>");
    for (Environment env : Environment.values()) {
      VersionCard.State state = v.stateIn(env);
      int share = board.trafficIn(env).getOrDefault(v.version(), 0);
      b.append("<td class=\"state-")
          .append(state.name().toLowerCase(Locale.ROOT))
          .append("\">")
          .append(esc(state.label()))
          .append(share > 0 ? " " + share + "%" : "")
          .append("</td>");
    }
    b.append("<td class=\"metrics\">");
    v.metrics()
        .forEach(
            (k, x) ->
                b.append("<div>")
                    .append(esc(k))
                    .append(" = ")
                    .append(esc(Charts.number(x)))
                    .append("</div>"));
    b.append("</td><td>");
    if (v.gate().isEmpty()) {
      b.append("<span class=\"muted\">not judged</span>");
    } else {
      VersionCard.Gate g = v.gate().get();
      b.append("<details><summary class=\"")
          .append(g.passed() ? "ok" : "failed")
          .append("\">")
          .append(g.passed() ? "passed" : "failed")
          .append(" (")
          .append(g.report().getChecks().stream().filter(GateCheck::getPassed).count())
          .append('/')
          .append(g.report().getChecks().size())
          .append(" checks)</summary><ul class=\"checks\">");
      for (GateCheck c : g.report().getChecks()) {
        b.append("<li class=\"")
            .append(c.getPassed() ? "ok" : "failed")
            .append("\">")
            .append(esc(c.getName()))
            .append(" (")
            .append(esc(c.getSeverity()))
            .append("): ")
            .append(esc(c.getReason()))
            .append("</li>");
      }
      for (String w : g.report().getWarnings()) {
        b.append("<li class=\"warning\">warning: ").append(esc(w)).append("</li>");
      }
      b.append("</ul><div class=\"muted\">policy ")
          .append(esc(RunFormat.shortHash(g.report().getPolicyHash())))
          .append(
              Optional.ofNullable(g.report().getChampionVersion())
                  .map(c -> ", champion " + esc(c))
                  .orElse(""))
          .append("</div></details>");
    }
    b.append("</td><td class=\"actions\">");
    if (v.approvable()) {
      b.append(
          button(
              "Approve for production",
              Map.of("action", "approve", "model", model, "runId", v.runId()),
              "primary"));
    }
    boolean passed = v.gate().map(VersionCard.Gate::passed).orElse(false);
    boolean deployed = !v.states().isEmpty();
    for (Environment env : Environment.values()) {
      if ((passed || deployed) && board.trafficIn(env).getOrDefault(v.version(), 0) < 100) {
        b.append(
            button(
                "Promote to " + envLabel(env),
                Map.of(
                    "action",
                    "promote",
                    "model",
                    model,
                    "version",
                    v.version(),
                    "environment",
                    env.name().toLowerCase(Locale.ROOT)),
                ""));
      }
    }
    VersionCard.State prod = v.stateIn(Environment.PRODUCTION);
    if (prod == VersionCard.State.RETIRED
        && !board.trafficIn(Environment.PRODUCTION).isEmpty()
        && !board.trafficIn(Environment.PRODUCTION).containsKey(v.version())) {
      b.append(
          button(
              "Roll back to " + v.version(),
              Map.of("action", "rollback", "model", model, "toVersion", v.version()),
              "danger"));
    }
    b.append("</td></tr>");
  }

  private static String metricCharts(ModelBoard board) {
    TreeSet<String> names = new TreeSet<>();
    board.versions().forEach(v -> names.addAll(v.metrics().keySet()));
    if (names.isEmpty() || board.versions().size() < 2) {
      return names.isEmpty()
          ? ""
          : "<p class=\"muted\">Charts of the metrics across versions appear with a second"
              + " version.</p>";
    }
    StringBuilder b = new StringBuilder("<div class=\"charts\">");
    for (String name : names) {
      List<Charts.Point> points = new ArrayList<>();
      OptionalDouble threshold = OptionalDouble.empty();
      for (VersionCard v : board.versions()) {
        Double value = v.metrics().get(name);
        if (value == null) {
          continue;
        }
        boolean failed = v.gate().map(g -> !g.passed()).orElse(false);
        points.add(new Charts.Point(v.version(), value, failed));
        Optional<Double> t =
            v.gate().stream()
                .flatMap(g -> g.report().getChecks().stream())
                .filter(c -> c.getMetric().equals(name) && c.getThreshold() != null)
                .map(GateCheck::getThreshold)
                .findFirst();
        if (t.isPresent()) {
          threshold = OptionalDouble.of(t.get());
        }
      }
      if (!points.isEmpty()) {
        b.append(Charts.line(name + " across versions", points, threshold));
      }
    }
    return b.append("</div>").toString();
  }

  /**
   * Each model's drift statistics over time, one chart per feature and statistic with its
   * threshold; windows that counted as drift are red.
   */
  public String drift(List<DriftSeries> series) {
    StringBuilder b = new StringBuilder();
    b.append(
        "<p class=\"muted\">Each feature's statistic in every window the drift monitor reported,"
            + " oldest first; the dashed line is the threshold, red points counted as drift.</p>");
    if (series.isEmpty()) {
      b.append("<p class=\"muted\">No drift reported yet.</p>");
      return Html.page("Drift", "Drift", b.toString());
    }
    String model = null;
    for (DriftSeries s : series) {
      if (!s.model().equals(model)) {
        if (model != null) {
          b.append("</div></section>");
        }
        model = s.model();
        b.append("<section class=\"drift\" data-model=\"")
            .append(esc(model))
            .append("\"><h2>")
            .append(esc(model))
            .append("</h2><div class=\"charts\">");
      }
      List<Charts.Point> points = new ArrayList<>();
      for (DriftSeries.Point p : s.points()) {
        points.add(
            new Charts.Point(
                time(p.windowEnd()) + " (" + p.version() + ")", p.value(), p.drifted()));
      }
      b.append(
          Charts.line(
              s.feature() + " · " + s.statistic(), points, OptionalDouble.of(s.threshold())));
    }
    b.append("</div></section>");
    return Html.page("Drift", "Drift", b.toString());
  }

  private static String tokenForm() {
    return "<form class=\"token\" id=\"token-form\"><label>Bearer token for changes"
        + " <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\""
        + " placeholder=\"printed at start; or data-dir/console/token\"></label>"
        + " <label>Your name <input id=\"by\" name=\"by\" autocomplete=\"off\""
        + " placeholder=\"for the history\"></label>"
        + " <span class=\"muted\">kept in this tab only</span></form>";
  }

  private static String button(String label, Map<String, String> form, String kind) {
    StringBuilder b = new StringBuilder("<button type=\"button\" class=\"command");
    if (!kind.isEmpty()) {
      b.append(' ').append(kind);
    }
    b.append('"');
    new TreeMap<>(form)
        .forEach(
            (k, v) ->
                b.append(" data-")
                    .append(k.equals("runId") ? "run-id" : k.equals("toVersion") ? "to-version" : k)
                    .append("=\"")
                    .append(esc(v))
                    .append('"'));
    return b.append('>').append(esc(label)).append("</button> ").toString();
  }

  private static String envLabel(Environment env) {
    return env.name().toLowerCase(Locale.ROOT);
  }

  /** The delivery figures per model and week, with each model's total. */
  public String delivery(List<Dora.Figures> weekly, List<Dora.Figures> overall) {
    StringBuilder b = new StringBuilder();
    b.append(
        "<p class=\"muted\">Deployment frequency: versions that reached 100% of production."
            + " Lead time: median from the commit to 100% of production (and of staging). Change"
            + " failure rate: production rollouts that failed or were rolled back. Time to"
            + " restore: median from a version's first production traffic to its rollback. Per"
            + " ISO week, UTC.</p>");
    if (weekly.isEmpty()) {
      b.append("<p class=\"muted\">Nothing to measure yet: no run reached staging.</p>");
      return Html.page("Delivery", "Delivery", b.toString());
    }
    b.append(
        "<table class=\"dora\"><thead><tr><th>Model</th><th>Week</th><th>Deployments</th>"
            + "<th>Lead time to production</th><th>Lead time to staging</th>"
            + "<th>Change failure rate</th><th>Time to restore</th></tr></thead><tbody>");
    for (Dora.Figures f : weekly) {
      doraRow(b, f, false);
      if (weekly.indexOf(f) == weekly.size() - 1
          || !weekly.get(weekly.indexOf(f) + 1).model().equals(f.model())) {
        overall.stream().filter(o -> o.model().equals(f.model())).forEach(o -> doraRow(b, o, true));
      }
    }
    b.append("</tbody></table>");
    return Html.page("Delivery", "Delivery", b.toString());
  }

  private static void doraRow(StringBuilder b, Dora.Figures f, boolean total) {
    b.append("<tr")
        .append(total ? " class=\"total\"" : "")
        .append("><td>")
        .append(esc(f.model()))
        .append("</td><td>")
        .append(esc(f.week()))
        .append("</td><td class=\"num\">")
        .append(f.deployments())
        .append("</td><td class=\"num\">")
        .append(esc(RunFormat.duration(f.leadTimeToProduction())))
        .append("</td><td class=\"num\">")
        .append(esc(RunFormat.duration(f.leadTimeToStaging())))
        .append("</td><td class=\"num\">")
        .append(esc(RunFormat.percent(f.changeFailureRate())))
        .append(" (")
        .append(f.failedChanges())
        .append('/')
        .append(f.productionChanges())
        .append(")</td><td class=\"num\">")
        .append(esc(RunFormat.duration(f.timeToRestore())))
        .append("</td></tr>");
  }

  /** A page for something that is not there, with where to look instead. */
  public String notFound(String message, String hintHref, String hintText) {
    return Html.page(
        "Not found",
        "",
        "<p class=\"error\">"
            + esc(message)
            + "</p><p><a href=\""
            + esc(hintHref)
            + "\">"
            + esc(hintText)
            + "</a></p>");
  }

  /**
   * The login form: the console's token in, a session cookie out, so a browser can read the pages
   * when the console listens off loopback.
   */
  public String login(Optional<String> problem) {
    return Html.page(
        "Log in",
        "",
        problem.map(p -> "<p class=\"error\">" + esc(p) + "</p>").orElse("")
            + "<p>This console listens beyond this machine, so reading it needs its token (printed"
            + " when it started, kept in &lt;data-dir&gt;/console/token, or configured as"
            + " console.token).</p>"
            + "<form method=\"post\" action=\"/login\">"
            + "<label>Token <input type=\"password\" name=\"token\" id=\"token\""
            + " autocomplete=\"current-password\" required></label> "
            + "<button type=\"submit\" id=\"login\">Log in</button></form>");
  }

  /** A page for Kafka not answering. */
  public String unavailable(String message) {
    return Html.page(
        "Kafka is not answering",
        "",
        "<p class=\"error\">" + esc(message) + "</p><p>Reload the page to try again.</p>");
  }

  private static String browse(String topic, int partition, long offset) {
    return "/topics/" + url(topic) + "?partition=" + partition + "&amp;offset=" + offset;
  }

  private String time(Instant at) {
    return TIME.format(at.atZone(zone));
  }

  private static String retention(Optional<Long> ms) {
    if (ms.isEmpty()) {
      return "unknown";
    }
    long v = ms.get();
    return v < 0 ? "forever" : RunFormat.duration(Duration.ofMillis(v));
  }
}
