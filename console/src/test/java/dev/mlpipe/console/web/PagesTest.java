package dev.mlpipe.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.cluster.BrowseFilter;
import dev.mlpipe.console.cluster.BrowsedRecord;
import dev.mlpipe.console.cluster.ClusterView;
import dev.mlpipe.console.cluster.GroupView;
import dev.mlpipe.console.cluster.TopicView;
import dev.mlpipe.console.feed.EventStore;
import dev.mlpipe.console.feed.LiveEvent;
import dev.mlpipe.console.models.DriftSeries;
import dev.mlpipe.console.models.ModelBoard;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.console.runs.Trace;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.schemas.Environment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagesTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");
  private final Pages pages = new Pages(ZoneOffset.UTC);

  @Test
  void shouldShowEachGroupsStateMembersAndLagPerPartition() {
    GroupView trainer =
        new GroupView(
            "mlpipe-trainer",
            "STABLE",
            List.of(new GroupView.Member("trainer-1", "/127.0.0.1", List.of("mlpipe.commit-0"))),
            List.of(
                new GroupView.PartitionLag("mlpipe.commit", 0, 7, 10),
                new GroupView.PartitionLag("mlpipe.commit", 1, 4, 4)));

    String html =
        pages.overview(
            List.of(trainer),
            List.of(new EventStore.TopicRate("mlpipe.commit", 0.5)),
            List.of(
                new LiveEvent(
                    "mlpipe.commit",
                    0,
                    9,
                    T0,
                    "recommender",
                    "CommitPushed",
                    "run-1",
                    "sha 1a2b")));

    assertThat(html)
        .contains("mlpipe-trainer")
        .contains("STABLE")
        .contains("trainer-1")
        .contains("<td class=\"num\">3</td>")
        .contains("mlpipe.commit-0: 3")
        .contains("0.50")
        .contains("href=\"/runs/run-1\"")
        .contains("data-stream=\"/events\"")
        .doesNotContain("http://")
        .doesNotContain("https://");
  }

  @Test
  void shouldEscapeWhatEventsCarrySoACommitMessageCannotInjectMarkup() {
    LiveEvent hostile =
        new LiveEvent(
            "mlpipe.commit", 0, 1, T0, "<b>m</b>", "CommitPushed", "r\"1", "<script>x()</script>");

    String row = pages.liveRow(hostile);

    assertThat(row)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;x()&lt;/script&gt;")
        .contains("&lt;b&gt;m&lt;/b&gt;")
        .contains("/runs/r%221");
  }

  @Test
  void shouldShowARunsStagesTraceAndEveryPayload() {
    RunStory story = new RunStory("run-1", "recommender", T0);
    Run run = Runs.fold(story.happyPath()).get(0);

    String html = pages.run(Trace.of(run));

    assertThat(html)
        .contains("Run run-1")
        .contains("in production")
        .contains(RunStory.POLICY_HASH)
        .contains("rmse_absolute")
        .contains("PRODUCTION CANARY 50%")
        .contains("&quot;dataHash&quot; : &quot;" + RunStory.DATA_HASH + "&quot;");
    assertThat(html.split("<li><details>", -1)).hasSize(run.timeline().size() + 1);
  }

  @Test
  void shouldShowADeadLettersErrorHeadersAndWhyItCannotBeDecoded() {
    TopicView topic =
        new TopicView(
            "mlpipe.commit.dlq",
            List.of(new TopicView.PartitionOffsets(0, 0, 1)),
            Optional.of(-1L));
    BrowsedRecord record =
        new BrowsedRecord(
            "mlpipe.commit.dlq",
            0,
            0,
            T0,
            "m",
            Optional.empty(),
            Optional.of("WireFormatException: unknown magic byte"),
            Map.of(),
            Optional.of(
                new DeadLetters.DeadLetter(
                    "java.lang.IllegalStateException",
                    "no model",
                    "",
                    "mlpipe.commit",
                    0,
                    41,
                    Optional.of("trainer"),
                    Optional.of(T0))));

    String html = pages.topic(topic, 0, 0, List.of(record));

    assertThat(html)
        .contains("forever")
        .contains("java.lang.IllegalStateException")
        .contains("no model")
        .contains("mlpipe.commit-0 @ 41")
        .contains("trainer")
        .contains("Cannot decode: WireFormatException")
        .contains("Replay to mlpipe.commit")
        .contains("data-endpoint=\"/api/dlq/replay\"")
        .contains("data-offset=\"0\" data-partition=\"0\" data-topic=\"mlpipe.commit.dlq\"")
        .contains("Replay all not replayed yet");
  }

  @Test
  void shouldSayHowManyOfTheReadMessagesMatchTheFilterAndKeepItOnTheNextPage() {
    TopicView topic =
        new TopicView(
            "mlpipe.commit", List.of(new TopicView.PartitionOffsets(0, 0, 900)), Optional.of(-1L));
    BrowsedRecord match =
        new BrowsedRecord(
            "mlpipe.commit",
            0,
            412,
            T0,
            "fraud",
            Optional.of("{}"),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.of("fraud"),
            Optional.of("run-1234567890"));
    BrowseFilter filter =
        new BrowseFilter(Optional.empty(), Optional.of("fraud"), Optional.of("run-1234"));

    String html =
        pages.topic(
            topic,
            0,
            400,
            new ClusterView.Browse(List.of(match), 500, 100),
            filter,
            Optional.of(T0));

    assertThat(html)
        .contains("1 matching of 100 messages read, model fraud, run run-1234")
        .contains("the first at or after 2026-11-16 10:00:00.000")
        .contains("offset 412")
        .contains("next messages from offset 500")
        .contains("offset=500&amp;model=fraud&amp;runId=run-1234")
        .doesNotContain("Replay");
  }

  @Test
  void shouldListRunsNewestFirstWithAModelFilter() {
    List<Run> runs =
        Runs.fold(
            List.of(
                new RunStory("a-run", "fraud", T0).commit(0),
                new RunStory("b-run", "recommender", T0.plusSeconds(5)).commit(0)));

    String html =
        pages.runs(
            List.of(runs.get(1), runs.get(0)),
            2,
            Optional.of("fraud"),
            List.of("fraud", "recommender"));

    assertThat(html.indexOf("b-run")).isLessThan(html.indexOf("a-run"));
    assertThat(html).contains("href=\"/runs?model=fraud\" class=\"active\"");
    assertThat(html).doesNotContain("Show more");
  }

  @Test
  void shouldSayWhenTheListOfRunsIsCutAndOfferMore() {
    List<Run> runs = Runs.fold(List.of(new RunStory("a-run", "fraud", T0).commit(0)));

    String html = pages.runs(runs, 500, Optional.empty(), List.of("fraud"));

    assertThat(html).contains("The newest 1 of 500 runs").contains("href=\"/runs?limit=500\"");
  }

  @Test
  void shouldShowEachVersionsTrafficMetricsGateReportAChartAndTheButtons() {
    RunStory v1 = new RunStory("run-1", "recommender", T0).version("v1");
    RunStory v2 = new RunStory("run-2", "recommender", T0.plusSeconds(600)).version("v2");
    List<PipelineEvent> events = new ArrayList<>();
    events.add(v1.trainingFinished(10, Map.of("rmse", 0.71)));
    events.addAll(v1.happyPath().subList(3, 8));
    events.add(v2.trainingFinished(11, Map.of("rmse", 0.64)));
    events.add(v2.validationPassed(13));
    events.add(v2.deployed(14, Environment.STAGING, 100));

    String html = pages.models(ModelBoard.fold(events));

    assertThat(html)
        .contains("recommender")
        .contains("production: <strong>v1</strong> 100%")
        .contains("staging: <strong>v2</strong> 100%")
        .contains("rmse = 0.6400")
        .contains("rmse_absolute (CRITICAL): 0.67 &lt;= 0.9")
        .contains("rmse across versions")
        .contains("data-points=\"2\"")
        .contains("threshold 0.9000")
        .contains("Approve for production")
        .contains("data-action=\"approve\" data-model=\"recommender\" data-run-id=\"run-2\"")
        .contains("Roll back production")
        .contains("id=\"token\"");
  }

  @Test
  void shouldSayThereIsNoModelYetAndDrawNoChartWithoutVersions() {
    String html = pages.models(List.of());

    assertThat(html).contains("No model versions yet").doesNotContain("<svg");
  }

  @Test
  void shouldDrawEachFeaturesDriftOverTimeWithItsThresholdAndTheDriftedWindowsMarked() {
    RunStory story = new RunStory("run-d", "recommender", T0);
    String html =
        pages.drift(
            DriftSeries.fold(
                List.of(
                    story.featureDrift(120, "user_id", 0.12, 0.2),
                    story.featureDrift(300, "user_id", 0.31, 0.2))));

    assertThat(html)
        .contains("recommender")
        .contains("user_id · PSI")
        .contains("data-points=\"2\"")
        .contains("threshold 0.2000")
        .contains("2026-11-16 10:05:00.000 (v1): 0.3100")
        .contains("fill=\"#b3261e\"");
    assertThat(pages.drift(List.of())).contains("No drift reported yet");
  }
}
